import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { agent, check, seedGuide, user } from "./guide-model.js";

/** The multi-tenancy guide, call by call, and every result it states. */
export function guideFlowContract(use: () => ContractContext): void {
  describe("the guide", () => {
    it("creates tenants with the fields the guide sends", async () => {
      const { bedrock } = use();

      const acme = await bedrock.tenants.create({
        name: "Acme Corp",
        slug: "acme-corp",
        kind: "standard",
        planKey: "pro",
        maxUsers: 50,
      });

      expect(acme).toMatchObject({
        name: "Acme Corp",
        slug: "acme-corp",
        kind: "standard",
        planKey: "pro",
        maxUsers: 50,
        status: "active",
        scopeId: `scope_${acme.id}`,
      });
      expect(acme.id).toMatch(/^tenant_[0-9a-z]{26}$/);
    });

    it("answers scope ids that repeat the entity id's suffix", async () => {
      const { bedrock } = use();
      await bedrock.tenants.create({ id: "tenant_acme", name: "Acme Corp", slug: "acme-corp" });

      const main = await bedrock.workspaces.create({
        id: "workspace_main",
        tenantId: "tenant_acme",
        name: "Main",
      });
      const crm = await bedrock.projects.create({
        id: "project_crm",
        tenantId: "tenant_acme",
        workspaceId: "workspace_main",
        name: "CRM Application",
      });
      const production = await bedrock.environments.create({
        id: "env_production",
        tenantId: "tenant_acme",
        projectId: "project_crm",
        name: "Production",
      });

      expect([main.scopeId, crm.scopeId, production.scopeId]).toEqual([
        "scope_workspace_main",
        "scope_project_crm",
        "scope_env_production",
      ]);
    });

    it("creates a user with its subject, as POST /users does in the guide", async () => {
      const { bedrock } = use();
      await bedrock.tenants.create({ id: "tenant_acme", name: "Acme Corp", slug: "acme-corp" });

      const created = await bedrock.users.create({
        kindeId: "kp_acme_user_1",
        email: "user@acme.com",
        firstName: "Acme",
        lastName: "User",
        defaultTenantId: "tenant_acme",
      });

      expect(created).toMatchObject({
        kindeId: "kp_acme_user_1",
        email: "user@acme.com",
        defaultTenantId: "tenant_acme",
      });
      expect(created.subjectId).toMatch(/^subject_/);
    });

    it("creates the agent with its meta, as POST /subjects does in the guide", async () => {
      const { bedrock } = use();

      const created = await bedrock.subjects.create({
        subjectType: "agent",
        externalId: "acme-sales-assistant",
        displayName: "Acme Sales Assistant",
        meta: { model: "claude-3", purpose: "sales-support" },
      });

      expect(created).toMatchObject({
        subjectType: "agent",
        externalId: "acme-sales-assistant",
        meta: { model: "claude-3", purpose: "sales-support" },
        status: "active",
        tenantId: null,
      });
    });

    it("gives every decision the guide states", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const decisions = await Promise.all([
        bedrock.evaluate(check({ scopeId: "scope_project_globex_crm" })),
        bedrock.evaluate(check()),
        bedrock.evaluate(
          check({ actor: agent("subject_acme_agent"), onBehalfOf: user("subject_sales_rep") }),
        ),
        bedrock.evaluate(check({ scopeId: "scope_env_production", action: "delete" })),
        bedrock.evaluate(check({ scopeId: "scope_env_staging", action: "delete" })),
        bedrock.evaluate(
          check({
            actor: user("subject_sales_rep"),
            scopeId: "scope_env_production",
            action: "export",
            resource: { resourceType: "report" },
          }),
        ),
        bedrock.evaluate(
          check({
            actor: user("subject_acme_admin"),
            scopeId: "scope_env_production",
            action: "export",
            resource: { resourceType: "report" },
          }),
        ),
      ]);

      expect(decisions.map((d) => `${d.decision} ${d.reason}`)).toEqual([
        "DENIED no_membership",
        "ALLOWED allowed",
        "ALLOWED allowed",
        "DENIED disabled_by_override",
        "ALLOWED allowed",
        "DENIED disabled_by_override",
        "ALLOWED allowed",
      ]);
    });

    it("answers canAccessProject and getUserProjects as the guide's code expects", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const canAccessProject = async (subjectId: string, projectScopeId: string) => {
        const decision = await bedrock.evaluate({
          actor: { subjectId, subjectType: "user" },
          scopeId: projectScopeId,
          action: "read",
          resource: { resourceType: "*" },
        });
        return decision.allowed;
      };

      const own = await canAccessProject("subject_acme_user", "scope_project_crm");
      const other = await canAccessProject("subject_acme_user", "scope_project_globex_crm");
      const memberships = await bedrock.memberships.list({
        subjectId: "subject_acme_user",
        tenantId: "tenant_acme",
      });

      expect({ own, other }).toEqual({ own: true, other: false });
      expect(memberships.data.map((m) => [m.id, m.scopeId, m.tenantId])).toEqual([
        ["membership_acme_user_crm", "scope_project_crm", "tenant_acme"],
      ]);
    });
  });
}
