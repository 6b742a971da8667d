import { defineScenario, type Scenario } from "../scenario/scenario.js";

/**
 * The multi-tenancy guide's Acme and Globex, with the guide's own ids.
 *
 * Acme Corp (`tenant_acme`) has workspace `workspace_main`, project
 * `project_crm` (scope `scope_project_crm`) and environments `env_production`
 * and `env_staging`. Its roles `role_admin`, `role_sales_rep` and `role_viewer`
 * hold `perm_read`, `perm_write`, `perm_delete` and `perm_export` (Viewer reads
 * only). `subject_acme_user` and `subject_sales_rep` are Sales Reps,
 * `subject_acme_admin` is Admin and the agent `subject_acme_agent` is Viewer,
 * all at the CRM project. Production disables delete for every role and
 * export for Sales Reps.
 *
 * Globex Inc (`tenant_globex`) has the same tree (`workspace_globex_main`,
 * `project_globex_crm`, `env_globex_production`, `env_globex_staging`), a
 * Viewer role and `subject_globex_user` holding it.
 */
export function guide(): Scenario {
  return defineScenario((s) => {
    const acme = s.tenant("tenant_acme", {
      name: "Acme Corp",
      slug: "acme-corp",
      kind: "standard",
      planKey: "pro",
      maxUsers: 50,
    });
    const crm = acme
      .workspace("workspace_main", { name: "Main" })
      .project("project_crm", { name: "CRM Application" });
    const production = crm.environment("env_production", { name: "Production" });
    crm.environment("env_staging", { name: "Staging" });

    const read = crm.permission("perm_read", "customer:read:*");
    const write = crm.permission("perm_write", "customer:write:*");
    const remove = crm.permission("perm_delete", "customer:delete:*");
    const exportReport = crm.permission("perm_export", "report:export:*");
    const all = [read, write, remove, exportReport];

    const admin = crm.role("role_admin", {
      name: "Admin",
      description: "Full project access",
      permissions: all,
    });
    const salesRep = crm.role("role_sales_rep", {
      name: "Sales Rep",
      description: "Sales data access",
      permissions: all,
    });
    const viewer = crm.role("role_viewer", {
      name: "Viewer",
      description: "Read only",
      permissions: [read],
    });

    s.user("subject_acme_user", {
      kindeId: "kp_acme_user_1",
      email: "user@acme.com",
      firstName: "Acme",
      lastName: "User",
      defaultTenantId: acme.id,
    }).memberOf(crm, { id: "membership_acme_user_crm", roles: [salesRep] });
    s.user("subject_sales_rep", {
      email: "rep@acme.com",
      firstName: "Sales",
      lastName: "Rep",
      defaultTenantId: acme.id,
    }).memberOf(crm, { id: "membership_sales_rep_crm", roles: [salesRep] });
    s.user("subject_acme_admin", {
      email: "admin@acme.com",
      firstName: "Acme",
      lastName: "Admin",
      defaultTenantId: acme.id,
    }).memberOf(crm, { id: "membership_acme_admin_crm", roles: [admin] });
    s.agent("subject_acme_agent", {
      externalId: "acme-sales-assistant",
      displayName: "Acme Sales Assistant",
      meta: { model: "claude-3", purpose: "sales-support" },
    }).memberOf(crm, { id: "membership_agent_crm", roles: [viewer] });

    production.disable(remove);
    production.disable(exportReport, { role: salesRep });

    const globex = s.tenant("tenant_globex", {
      name: "Globex Inc",
      slug: "globex-inc",
      kind: "standard",
      planKey: "pro",
      maxUsers: 100,
    });
    const globexCrm = globex
      .workspace("workspace_globex_main", { name: "Main" })
      .project("project_globex_crm", { name: "CRM Application" });
    globexCrm.environment("env_globex_production", { name: "Production" });
    globexCrm.environment("env_globex_staging", { name: "Staging" });
    const globexRead = globexCrm.permission("perm_globex_read", "customer:read:*");
    const globexViewer = globexCrm.role("role_globex_viewer", {
      name: "Viewer",
      description: "Read only",
      permissions: [globexRead],
    });
    s.user("subject_globex_user", {
      email: "user@globex.com",
      firstName: "Globex",
      lastName: "User",
      defaultTenantId: globex.id,
    }).memberOf(globexCrm, { id: "membership_globex_user_crm", roles: [globexViewer] });
  });
}
