import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { ok, statusOf } from "./answers.js";
import { seedGuide } from "./guide-model.js";

const byId = (id: string) => ({ params: { path: { id } } });

/** A delete takes with it what can no longer stand. */
export function cascadesContract(use: () => ContractContext): void {
  describe("deletes", () => {
    it("takes a role's assignments, grants and overrides with it", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const deleted = await statusOf(bedrock.raw.DELETE("/roles/{id}", byId("role_sales_rep")));
      const assignments = await ok(
        bedrock.raw.GET("/role-assignments", { params: { query: { roleId: "role_sales_rep" } } }),
      );
      const overrides = await ok(
        bedrock.raw.GET("/scope-overrides/role-permissions", {
          params: { query: { roleId: "role_sales_rep" } },
        }),
      );
      const grants = await bedrock.raw.GET("/roles/{roleId}/permissions", {
        params: { path: { roleId: "role_sales_rep" } },
      });

      expect(deleted).toBe(204);
      expect(assignments.data).toEqual([]);
      expect(overrides.data).toEqual([]);
      expect(grants.response.status).toBe(404);
    });

    it("takes a permission's grants and overrides with it", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const deleted = await statusOf(bedrock.raw.DELETE("/permissions/{id}", byId("perm_delete")));
      const adminPermissions = await ok(
        bedrock.raw.GET("/roles/{roleId}/permissions", {
          params: { path: { roleId: "role_admin" } },
        }),
      );
      const overrides = await ok(
        bedrock.raw.GET("/scope-overrides/permissions", {
          params: { query: { permissionId: "perm_delete" } },
        }),
      );

      expect(deleted).toBe(204);
      expect(adminPermissions.data.map((p) => p.id).sort()).toEqual([
        "perm_export",
        "perm_read",
        "perm_write",
      ]);
      expect(overrides.data).toEqual([]);
    });

    it("takes a membership's role assignments with it", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const deleted = await statusOf(
        bedrock.raw.DELETE("/memberships/{id}", byId("membership_agent_crm")),
      );
      const assignments = await ok(
        bedrock.raw.GET("/role-assignments", {
          params: { query: { membershipId: "membership_agent_crm" } },
        }),
      );

      expect(deleted).toBe(204);
      expect(assignments.data).toEqual([]);
    });

    it("takes a subject's memberships with it", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const deleted = await statusOf(
        bedrock.raw.DELETE("/subjects/{id}", byId("subject_acme_agent")),
      );
      const memberships = await bedrock.memberships.list({ subjectId: "subject_acme_agent" });

      expect(deleted).toBe(204);
      expect(memberships.data).toEqual([]);
    });

    it("takes a user's subject and memberships with it", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      await bedrock.raw.DELETE("/users/{id}", byId("user_acme_user"));

      const subject = await statusOf(bedrock.raw.GET("/subjects/{id}", byId("subject_acme_user")));
      const memberships = await bedrock.memberships.list({ subjectId: "subject_acme_user" });
      expect(subject).toBe(404);
      expect(memberships.data).toEqual([]);
    });

    it("takes a project's environments, roles, permissions and memberships with it", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      await bedrock.raw.DELETE("/projects/{id}", byId("project_crm"));

      const statuses = await Promise.all([
        statusOf(bedrock.raw.GET("/environments/{id}", byId("env_production"))),
        statusOf(bedrock.raw.GET("/scopes/{id}", byId("scope_env_production"))),
        statusOf(bedrock.raw.GET("/roles/{id}", byId("role_admin"))),
        statusOf(bedrock.raw.GET("/permissions/{id}", byId("perm_read"))),
        statusOf(bedrock.raw.GET("/memberships/{id}", byId("membership_acme_user_crm"))),
      ]);
      expect(statuses).toEqual([404, 404, 404, 404, 404]);
    });

    it("takes a tenant's whole tree, leaving its users with no default tenant", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      await bedrock.tenants.delete("tenant_acme");

      const workspace = await statusOf(bedrock.raw.GET("/workspaces/{id}", byId("workspace_main")));
      const user = await ok(bedrock.raw.GET("/users/{id}", byId("user_acme_user")));
      const globex = await bedrock.tenants.get("tenant_globex");
      expect(workspace).toBe(404);
      expect(user.defaultTenantId).toBeNull();
      expect(globex.id).toBe("tenant_globex");
    });

    it("leaves an evaluation of what was deleted denied, never an error", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      await bedrock.tenants.delete("tenant_acme");

      const decision = await bedrock.evaluate({
        actor: { subjectId: "subject_acme_user", subjectType: "user" },
        scopeId: "scope_project_crm",
        action: "read",
        resource: { resourceType: "customer" },
      });

      expect(decision).toMatchObject({ allowed: false, reason: "scope_not_found" });
    });
  });
}
