import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";

/** Every kind of record answers 404 for an id that names nothing. */
export function missingRecordsContract(use: () => ContractContext): void {
  describe("records that do not exist", () => {
    it.each([
      "/tenants/tenant_nowhere",
      "/workspaces/workspace_nowhere",
      "/projects/project_nowhere",
      "/environments/env_nowhere",
      "/scopes/scope_project_nowhere",
      "/subjects/subject_nowhere",
      "/users/user_nowhere",
      "/memberships/membership_nowhere",
      "/role-assignments/ra_nowhere",
      "/roles/role_nowhere",
      "/roles/role_nowhere/permissions",
      "/permissions/perm_nowhere",
      "/scope-overrides/permissions/ovr_nowhere",
      "/scope-overrides/role-permissions/ovr_nowhere",
      "/api-keys/key_nowhere",
      "/audit-events/audit_nowhere",
    ])("answers GET %s with 404 not_found", async (path) => {
      const { send } = use();

      const answer = await send("GET", path);

      expect(answer).toMatchObject({
        status: 404,
        contentType: "application/problem+json; charset=utf-8",
        body: { status: 404, code: "not_found", title: "Not found" },
      });
    });

    it("answers a delete of nothing with 404", async () => {
      const { send } = use();

      const answers = await Promise.all([
        send("DELETE", "/roles/role_nowhere"),
        send("DELETE", "/roles/role_nowhere/permissions/perm_nowhere"),
      ]);

      expect(answers.map((a) => a.status)).toEqual([404, 404]);
    });

    it("answers a reference to nothing with 404 naming it", async () => {
      const { bedrock, send } = use();
      await bedrock.tenants.create({ id: "tenant_acme", name: "Acme", slug: "acme" });

      const answer = await send("POST", "/memberships", {
        body: JSON.stringify({ subjectId: "subject_nowhere", scopeId: "scope_tenant_acme" }),
      });

      expect(answer.status).toBe(404);
      expect(answer.body.detail).toContain("subject_nowhere");
    });

    it("answers a path no operation serves with 404, and a wrong method with 405", async () => {
      const { send } = use();

      const unknown = await send("GET", "/customers");
      const wrongMethod = await send("PUT", "/tenants");

      expect(unknown.body).toMatchObject({ status: 404, code: "not_found" });
      expect(wrongMethod.body).toMatchObject({ status: 405, code: "method_not_allowed" });
    });
  });
}
