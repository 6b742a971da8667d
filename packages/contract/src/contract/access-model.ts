import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { ok, statusOf } from "./answers.js";
import { check, seedGuide, user } from "./guide-model.js";

const byId = (id: string) => ({ params: { path: { id } } });

/** Memberships, role assignments, roles, permissions and grants. */
export function accessModelContract(use: () => ContractContext): void {
  describe("memberships, roles and permissions", () => {
    it("reads and filters memberships", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const got = await ok(bedrock.raw.GET("/memberships/{id}", byId("membership_agent_crm")));
      const atCrm = await bedrock.memberships.list({ scopeId: "scope_project_crm" });

      expect(got).toMatchObject({ subjectId: "subject_acme_agent", tenantId: "tenant_acme" });
      expect(atCrm.data).toHaveLength(4);
    });

    it("reads, filters and re-times role assignments", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const viewers = await ok(
        bedrock.raw.GET("/role-assignments", { params: { query: { roleId: "role_viewer" } } }),
      );
      const [assignment] = viewers.data;
      if (assignment === undefined) throw new Error("the Viewer role has no assignment");

      const got = await ok(bedrock.raw.GET("/role-assignments/{id}", byId(assignment.id)));
      const expiring = await ok(
        bedrock.raw.PATCH("/role-assignments/{id}", {
          ...byId(assignment.id),
          body: { expiresAt: "2999-01-01T00:00:00.000Z" },
        }),
      );

      expect(got).toMatchObject({ membershipId: "membership_agent_crm", expiresAt: null });
      expect(expiring.expiresAt).toBe("2999-01-01T00:00:00.000Z");
    });

    it("denies once an assignment has expired, and allows again when it is extended", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const page = await ok(
        bedrock.raw.GET("/role-assignments", {
          params: { query: { membershipId: "membership_acme_user_crm" } },
        }),
      );
      const id = page.data[0]?.id ?? "";
      const setExpiry = (expiresAt: string) =>
        bedrock.raw.PATCH("/role-assignments/{id}", { ...byId(id), body: { expiresAt } });

      await setExpiry("2000-01-01T00:00:00.000Z");
      const expired = await bedrock.evaluate(check());
      await setExpiry("2999-01-01T00:00:00.000Z");
      const extended = await bedrock.evaluate(check());

      expect([expired.decision, extended.decision]).toEqual(["DENIED", "ALLOWED"]);
    });

    it("deletes a role assignment, and the role no longer applies", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const assignment = await bedrock.roleAssignments.create({
        id: "ra_agent_writer",
        roleId: "role_sales_rep",
        membershipId: "membership_agent_crm",
      });

      const deleted = await statusOf(
        bedrock.raw.DELETE("/role-assignments/{id}", byId(assignment.id)),
      );
      const decision = await bedrock.evaluate(
        check({
          actor: { subjectId: "subject_acme_agent", subjectType: "agent" },
          action: "write",
        }),
      );

      expect(deleted).toBe(204);
      expect(decision.reason).toBe("no_matching_permission");
    });

    it("reads, filters and renames roles", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      await bedrock.roles.create({
        id: "role_auditor",
        name: "Auditor",
        scopeId: "scope_project_crm",
      });

      const got = await ok(bedrock.raw.GET("/roles/{id}", byId("role_auditor")));
      const byName = await ok(
        bedrock.raw.GET("/roles", { params: { query: { name: "Sales Rep" } } }),
      );
      const renamed = await ok(
        bedrock.raw.PATCH("/roles/{id}", { ...byId("role_auditor"), body: { name: "Inspector" } }),
      );

      expect(got).toMatchObject({ scopeId: "scope_project_crm", tenantId: "tenant_acme" });
      expect(byName.data.map((r) => r.id)).toEqual(["role_sales_rep"]);
      expect(renamed.name).toBe("Inspector");
    });

    it("creates, reads and filters permissions, deriving the key", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const created = await bedrock.permissions.create({
        id: "perm_read_vip",
        scopeId: "scope_project_crm",
        action: "read",
        resourceType: "customer",
        resourcePattern: "vip-*",
      });
      const got = await ok(bedrock.raw.GET("/permissions/{id}", byId("perm_read_vip")));
      const reads = await ok(
        bedrock.raw.GET("/permissions", {
          params: { query: { scopeId: "scope_project_crm", action: "read" } },
        }),
      );

      expect(created.key).toBe("customer:read:vip-*");
      expect(got).toEqual(created);
      expect(reads.data.map((p) => p.key)).toEqual(["customer:read:*", "customer:read:vip-*"]);
    });

    it("grants, lists and revokes a role's permissions", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const roleId = "role_viewer";

      const grants = await bedrock.roles.grant(roleId, ["perm_export", "perm_read"]);
      const listed = await ok(
        bedrock.raw.GET("/roles/{roleId}/permissions", { params: { path: { roleId } } }),
      );
      const revoked = await statusOf(
        bedrock.raw.DELETE("/roles/{roleId}/permissions/{permissionId}", {
          params: { path: { roleId, permissionId: "perm_export" } },
        }),
      );
      const after = await ok(
        bedrock.raw.GET("/roles/{roleId}/permissions", { params: { path: { roleId } } }),
      );

      expect(grants.map((g) => g.permissionId)).toEqual(["perm_export", "perm_read"]);
      expect(listed.data.map((p) => p.id).sort()).toEqual(["perm_export", "perm_read"]);
      expect(revoked).toBe(204);
      expect(after.data.map((p) => p.id)).toEqual(["perm_read"]);
    });

    it("applies a project membership in its environments, not an environment's at the project", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      await bedrock.users.create({ id: "user_qa", subjectId: "subject_qa" });
      const staging = await bedrock.memberships.create({
        subjectId: "subject_qa",
        scopeId: "scope_env_staging",
      });
      await bedrock.roleAssignments.create({ roleId: "role_viewer", membershipId: staging.id });

      const decisions = await bedrock.evaluateBatch([
        check({ actor: user("subject_qa"), scopeId: "scope_env_staging" }),
        check({ actor: user("subject_qa"), scopeId: "scope_project_crm" }),
        check({ actor: user("subject_acme_user"), scopeId: "scope_env_staging" }),
      ]);

      expect(decisions.map((d) => `${d.decision} ${d.reason}`)).toEqual([
        "ALLOWED allowed",
        "DENIED no_membership",
        "ALLOWED allowed",
      ]);
    });
  });
}
