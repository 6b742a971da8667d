import type { Client } from "openapi-fetch";
import type { paths } from "../types.js";
import type { RevisionTracker } from "./revision-tracker.js";

/** Feeds an answer's revision and body to the tracker; the caller still reads the response. */
export async function observe(
  tracker: RevisionTracker,
  request: Request,
  response: Response,
): Promise<void> {
  const header = response.headers.get("bedrock-revision");
  const revision = header === null ? Number.NaN : Number(header);
  const isJson = response.headers.get("content-type")?.includes("json") ?? false;
  const body =
    isJson && response.status !== 204
      ? await response
          .clone()
          .json()
          .catch(() => undefined)
      : undefined;
  tracker.observe(
    request,
    response.status,
    Number.isInteger(revision) ? revision : undefined,
    body,
  );
}

interface MayWait {
  minRevision?: number | null;
}

/** Raises requests' `minRevision` to what the client has seen of their tenants. */
export interface Freshness {
  /** The request, waiting for its scope's tenant. */
  check<R extends MayWait & { scopeId: string }>(request: R): Promise<R>;
  /** Each request, waiting for its own scope's tenant. */
  checks<R extends MayWait & { scopeId: string }>(requests: R[]): Promise<R[]>;
  /** The request, waiting for the named tenant. */
  inTenant<R extends MayWait>(request: R, tenantId: string): R;
}

const asIs: Freshness = {
  check: async (request) => request,
  checks: async (requests) => requests,
  inTenant: (request) => request,
};

/** How many scopes the server said it does not know, remembered so they are not asked again. */
const maxUnknown = 1_000;

/**
 * Builds the freshness of a client. A scope whose tenant no answer has shown
 * is looked up once with `GET /scopes/{id}`, and only once the client has a
 * revision to wait for: a scope's tenant never changes. A key that may not
 * read scopes stops asking, and those requests go without `minRevision`.
 */
export function freshness(raw: Client<paths>, tracker: RevisionTracker | undefined): Freshness {
  if (tracker === undefined) return asIs;
  const unknown = new Set<string>();
  let mayReadScopes = true;

  const tenantOf = async (scopeId: string): Promise<string | undefined> => {
    if (tracker.empty) return undefined;
    const known = tracker.tenantOfScope(scopeId);
    if (known !== undefined || !mayReadScopes || unknown.has(scopeId)) return known;

    const answer = await raw
      .GET("/scopes/{id}", { params: { path: { id: scopeId } } })
      .catch(() => undefined);
    if (answer?.data !== undefined) return answer.data.tenantId;
    if (answer?.response.status === 401 || answer?.response.status === 403) mayReadScopes = false;
    if (answer?.response.status === 404 && unknown.size < maxUnknown) unknown.add(scopeId);
    return undefined;
  };

  const waitFor = <R extends MayWait>(request: R, tenantId: string | undefined): R => {
    const seen = tenantId === undefined ? undefined : tracker.revisionOf(tenantId);
    if (seen === undefined || (request.minRevision ?? 0) >= seen) return request;
    return { ...request, minRevision: seen };
  };

  return {
    check: async (request) => waitFor(request, await tenantOf(request.scopeId)),
    checks: async (requests) => {
      const scopeIds = [...new Set(requests.map((request) => request.scopeId))];
      const tenants = new Map(
        await Promise.all(scopeIds.map(async (id) => [id, await tenantOf(id)] as const)),
      );
      return requests.map((request) => waitFor(request, tenants.get(request.scopeId)));
    },
    inTenant: waitFor,
  };
}
