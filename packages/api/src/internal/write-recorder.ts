import type { Bedrock } from "@bedrock/core";
import type { ApiResponse } from "../route.js";

/**
 * Hands a route a Bedrock whose writes are noted, so the answer can carry
 * the revision of every tenant they touched: `Bedrock-Revision` the highest,
 * `Bedrock-Revisions` each one (`tenant_a=12, tenant_b=7`), for clients that
 * wait for their own writes tenant by tenant.
 */
export class WriteRecorder {
  readonly bedrock: Bedrock;
  private readonly revisions = new Map<string, number>();

  constructor(source: Bedrock) {
    const revisions = this.revisions;
    this.bedrock = Object.create(source, {
      write: {
        value: async (...args: Parameters<Bedrock["write"]>) => {
          const result = await source.write(...args);
          for (const [tenantId, revision] of Object.entries(result.revisions)) {
            revisions.set(tenantId, Math.max(revisions.get(tenantId) ?? 0, revision));
          }
          return result;
        },
      },
    }) as Bedrock;
  }

  /** The answer with the revision headers of the writes made, if any. */
  annotate(answer: ApiResponse): ApiResponse {
    if (this.revisions.size === 0) return answer;
    const listed = [...this.revisions]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([tenantId, revision]) => `${tenantId}=${revision}`);
    const highest = Math.max(...this.revisions.values());
    const headers = {
      ...answer.headers,
      "bedrock-revision": String(highest),
      "bedrock-revisions": listed.join(", "),
    };
    return { ...answer, headers };
  }
}
