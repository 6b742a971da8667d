import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { ok, problemOf } from "./answers.js";
import { seedGuide } from "./guide-model.js";

/** Nothing in one tenant may point at anything in another. */
export function crossTenantContract(use: () => ContractContext): void {
  describe("tenant isolation in writes", () => {
    it.each<[string, (c: ContractContext) => Promise<unknown>]>([
      [
        "an Acme role assigned through a Globex membership",
        async ({ bedrock }) => {
          const membership = await bedrock.memberships.create({
            subjectId: "subject_acme_user",
            scopeId: "scope_project_globex_crm",
          });
          return bedrock.roleAssignments.create({
            roleId: "role_viewer",
            membershipId: membership.id,
          });
        },
      ],
      [
        "an Acme permission granted to a Globex role",
        async ({ bedrock }) => {
          const role = await bedrock.roles.create({
            name: "Viewer",
            scopeId: "scope_project_globex_crm",
          });
          return bedrock.roles.grant(role.id, ["perm_read"]);
        },
      ],
      [
        "an Acme permission overridden in a Globex scope",
        ({ bedrock }) =>
          bedrock.overrides.permission({
            childScopeId: "scope_project_globex_crm",
            permissionId: "perm_read",
            state: "disabled",
          }),
      ],
      [
        "an Acme role's override in a Globex scope",
        ({ bedrock }) =>
          bedrock.overrides.rolePermission({
            childScopeId: "scope_project_globex_crm",
            roleId: "role_admin",
            permissionId: "perm_read",
            state: "disabled",
          }),
      ],
      [
        "a Globex membership of an agent whose home is Acme",
        async ({ bedrock }) => {
          const agent = await bedrock.subjects.create({
            subjectType: "agent",
            tenantId: "tenant_acme",
          });
          return bedrock.memberships.create({
            subjectId: agent.id,
            scopeId: "scope_project_globex_crm",
          });
        },
      ],
      [
        "a project in another tenant's workspace",
        ({ bedrock }) =>
          bedrock.projects.create({
            tenantId: "tenant_globex",
            workspaceId: "workspace_main",
            name: "Stray",
          }),
      ],
    ])("refuses %s with 422 cross_tenant_reference", async (_, attempt) => {
      const context = use();
      await seedGuide(context.bedrock);

      const problem = await problemOf(attempt(context));

      expect(problem).toMatchObject({ status: 422, code: "cross_tenant_reference" });
    });

    it("stores nothing of a refused write", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      await problemOf(
        bedrock.overrides.permission({
          childScopeId: "scope_project_globex_crm",
          permissionId: "perm_read",
          state: "disabled",
        }),
      );

      const page = await ok(
        bedrock.raw.GET("/scope-overrides/permissions", {
          params: { query: { tenantId: "tenant_globex" } },
        }),
      );
      expect(page.data).toEqual([]);
    });

    it("refuses a role assignment above the role's scope with 422 invalid_reference", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const tenantWide = await bedrock.memberships.create({
        subjectId: "subject_acme_agent",
        scopeId: "scope_tenant_acme",
      });

      const problem = await problemOf(
        bedrock.roleAssignments.create({ roleId: "role_viewer", membershipId: tenantWide.id }),
      );

      expect(problem).toMatchObject({ status: 422, code: "invalid_reference" });
    });
  });
}
