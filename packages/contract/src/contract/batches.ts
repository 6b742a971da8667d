import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { ok, problemOf } from "./answers.js";
import { seedGuide } from "./guide-model.js";

/** Batch creates keep all or nothing, and name every failing index. */
export function batchesContract(use: () => ContractContext): void {
  describe("batches", () => {
    it("creates roles in request order", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const roles = await bedrock.roles.createBatch([
        { name: "Support", scopeId: "scope_project_crm" },
        { name: "Billing", scopeId: "scope_project_crm" },
      ]);

      expect(roles.map((r) => r.name)).toEqual(["Support", "Billing"]);
    });

    it("keeps no role of a batch with a failing item, naming its index", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const problem = await problemOf(
        bedrock.roles.createBatch([
          { name: "Support", scopeId: "scope_project_crm" },
          { name: "Admin", scopeId: "scope_project_crm" },
          { name: "Billing", scopeId: "scope_nowhere" },
        ]),
      );
      const support = await ok(
        bedrock.raw.GET("/roles", { params: { query: { name: "Support" } } }),
      );

      expect(problem.status).toBe(409);
      expect(problem.errors.map((e) => [e.path, e.code])).toEqual([
        ["body[1]", "already_exists"],
        ["body[2]", "not_found"],
      ]);
      expect(support.data).toEqual([]);
    });

    it("keeps no permission of a batch with an invalid item", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const problem = await problemOf(
        bedrock.permissions.createBatch([
          { scopeId: "scope_project_crm", action: "archive", resourceType: "customer" },
          { scopeId: "scope_project_crm", action: "", resourceType: "customer" },
        ]),
      );
      const archive = await ok(
        bedrock.raw.GET("/permissions", { params: { query: { action: "archive" } } }),
      );

      expect(problem.status).toBe(400);
      expect(problem.errors.map((e) => e.path)).toEqual(["body[1].action"]);
      expect(archive.data).toEqual([]);
    });

    it("creates memberships with their roles, all or none", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      await bedrock.users.create({ id: "user_ann", subjectId: "subject_ann" });
      await bedrock.users.create({ id: "user_bob", subjectId: "subject_bob" });
      const item = (subjectId: string, roleIds: string[]) => ({
        subjectId,
        scopeId: "scope_project_crm",
        roleIds,
      });

      const refused = await bedrock.raw.POST("/memberships/batch", {
        body: [item("subject_ann", ["role_viewer"]), item("subject_bob", ["role_nowhere"])],
      });
      const afterRefusal = await bedrock.memberships.list({ subjectId: "subject_ann" });
      const created = await ok(
        bedrock.raw.POST("/memberships/batch", {
          body: [item("subject_ann", ["role_viewer"]), item("subject_bob", ["role_admin"])],
        }),
      );

      expect(refused.response.status).toBe(404);
      expect(refused.error).toMatchObject({ errors: [{ path: "body[1]", code: "not_found" }] });
      expect(afterRefusal.data).toEqual([]);
      expect(
        created.data.map((m) => [m.subjectId, m.roleAssignments.map((a) => a.roleId)]),
      ).toEqual([
        ["subject_ann", ["role_viewer"]],
        ["subject_bob", ["role_admin"]],
      ]);
    });

    it("decides a batch of checks in request order", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const ask = (action: string) => ({
        actor: { subjectId: "subject_acme_agent", subjectType: "agent" as const },
        scopeId: "scope_project_crm",
        action,
        resource: { resourceType: "customer" },
      });

      const decisions = await bedrock.evaluateBatch([ask("write"), ask("read"), ask("delete")]);

      expect(decisions.map((d) => d.decision)).toEqual(["DENIED", "ALLOWED", "DENIED"]);
    });
  });
}
