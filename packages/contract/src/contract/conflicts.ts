import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { problemOf } from "./answers.js";
import { seedGuide } from "./guide-model.js";

/** What is unique, and the 409 that says so. */
export function conflictsContract(use: () => ContractContext): void {
  describe("conflicts", () => {
    it.each<[string, (c: ContractContext) => Promise<unknown>]>([
      [
        "a taken tenant id",
        (c) => c.bedrock.tenants.create({ id: "tenant_acme", name: "A", slug: "a" }),
      ],
      ["a taken slug", (c) => c.bedrock.tenants.create({ name: "Acme", slug: "acme-corp" })],
      [
        "an email that differs only in case",
        (c) => c.bedrock.users.create({ email: "USER@acme.com" }),
      ],
      [
        "a taken subject externalId",
        (c) =>
          c.bedrock.subjects.create({ subjectType: "agent", externalId: "acme-sales-assistant" }),
      ],
      [
        "a role name taken in the scope",
        (c) => c.bedrock.roles.create({ name: "Admin", scopeId: "scope_project_crm" }),
      ],
      [
        "a permission key taken in the scope",
        (c) =>
          c.bedrock.permissions.create({
            scopeId: "scope_project_crm",
            action: "read",
            resourceType: "customer",
          }),
      ],
      [
        "a second membership of a subject at a scope",
        (c) =>
          c.bedrock.memberships.create({
            subjectId: "subject_acme_user",
            scopeId: "scope_project_crm",
          }),
      ],
      [
        "a role the membership already has",
        (c) =>
          c.bedrock.roleAssignments.create({
            roleId: "role_sales_rep",
            membershipId: "membership_acme_user_crm",
          }),
      ],
    ])("answers %s with 409 already_exists", async (_, attempt) => {
      const context = use();
      await seedGuide(context.bedrock);

      const problem = await problemOf(attempt(context));

      expect(problem).toMatchObject({ status: 409, code: "already_exists" });
    });

    it("allows the same role name and permission key in another scope", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const role = await bedrock.roles.create({
        name: "Admin",
        scopeId: "scope_project_globex_crm",
      });
      const permission = await bedrock.permissions.create({
        scopeId: "scope_project_globex_crm",
        action: "read",
        resourceType: "customer",
      });

      expect([role.name, permission.key]).toEqual(["Admin", "customer:read:*"]);
    });

    it("refuses to go past a tenant's maxUsers with 422, not counting agents", async () => {
      const { bedrock } = use();
      await bedrock.tenants.create({
        id: "tenant_small",
        name: "Small",
        slug: "small",
        maxUsers: 1,
      });
      await bedrock.users.create({ email: "one@small.com", defaultTenantId: "tenant_small" });
      await bedrock.subjects.create({ subjectType: "agent", tenantId: "tenant_small" });

      const problem = await problemOf(
        bedrock.users.create({ email: "two@small.com", defaultTenantId: "tenant_small" }),
      );

      expect(problem).toMatchObject({ status: 422, code: "tenant_user_limit_reached" });
    });
  });
}
