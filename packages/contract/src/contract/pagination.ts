import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";

/** Lists page by id with an opaque cursor. */
export function paginationContract(use: () => ContractContext): void {
  describe("pagination", () => {
    it("walks every record once, in id order, and ends with a null cursor", async () => {
      const { bedrock } = use();
      for (const n of [3, 1, 5, 2, 4]) {
        await bedrock.tenants.create({ id: `tenant_t${n}`, name: `T${n}`, slug: `t${n}` });
      }

      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await bedrock.tenants.list({ limit: 2, cursor });
        pages.push(page.data.map((t) => t.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);

      expect(pages).toEqual([
        ["tenant_t1", "tenant_t2"],
        ["tenant_t3", "tenant_t4"],
        ["tenant_t5"],
      ]);
    });

    it("neither repeats nor skips when records are added between pages", async () => {
      const { bedrock } = use();
      for (const n of [1, 2, 3]) {
        await bedrock.tenants.create({ id: `tenant_t${n}`, name: `T${n}`, slug: `t${n}` });
      }

      const first = await bedrock.tenants.list({ limit: 2 });
      await bedrock.tenants.create({ id: "tenant_t0", name: "T0", slug: "t0" });
      const second = await bedrock.tenants.list({ limit: 2, cursor: first.nextCursor ?? "" });

      expect(second).toEqual({
        data: [expect.objectContaining({ id: "tenant_t3" })],
        nextCursor: null,
      });
    });

    it("answers a cursor it never gave with 400", async () => {
      const { send } = use();

      const answer = await send("GET", "/tenants?cursor=***");

      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].path).toBe("query.cursor");
    });

    it("refuses a page larger than 200", async () => {
      const { send } = use();

      const answer = await send("GET", "/memberships?limit=201");

      expect(answer.status).toBe(400);
    });
  });
}
