import { defaultNowMs, ModelBuilder } from "./model-builder.js";

/** Scope ids of the lookup model. */
export const scopes = {
  acme: "scope_tenant_acme",
  main: "scope_workspace_main",
  crm: "scope_project_crm",
  production: "scope_env_production",
  staging: "scope_env_staging",
  billing: "scope_project_billing",
  billingProd: "scope_env_billing_prod",
  globexCrm: "scope_project_globex_crm",
} as const;

const hourMs = 60 * 60 * 1000;

/**
 * Acme with two projects under one workspace, and Globex beside it.
 *
 * - Ann is a CRM Viewer; Bob a Lead of the whole workspace (read and delete).
 * - Cy is a CRM Admin in Production only, and his CRM Viewer role has expired.
 * - Dee is a disabled CRM Admin; the bot is an Acme agent, Viewer in Staging.
 * - Production disables delete, but enables it again for Admin; it also
 *   disables the Lead's delete.
 * - Gus and the Globex bot belong to Globex.
 */
export function lookupModel(): ModelBuilder {
  const model = new ModelBuilder();
  const { acme, main, crm, production, billing, globexCrm } = scopes;
  model.tenant("tenant_acme", { revision: 7 });
  model.workspace("workspace_main", acme);
  model.project("project_crm", main);
  model.environment("env_production", crm);
  model.environment("env_staging", crm);
  model.project("project_billing", main);
  model.environment("env_billing_prod", billing);

  model.permission("perm_main_read", main, { action: "read", resourceType: "customer" });
  model.permission("perm_main_delete", main, { action: "delete", resourceType: "customer" });
  model.role("role_lead", main, "Lead");
  model.grant("role_lead", "perm_main_read");
  model.grant("role_lead", "perm_main_delete");

  model.permission("perm_read", crm, { action: "read", resourceType: "customer" });
  model.permission("perm_write", crm, { action: "write", resourceType: "customer" });
  model.permission("perm_delete", crm, { action: "delete", resourceType: "customer" });
  model.permission("perm_read_eu", crm, {
    action: "read",
    resourceType: "invoice",
    resourcePattern: "*_eu",
  });
  model.role("role_viewer", crm, "Viewer");
  model.grant("role_viewer", "perm_read");
  model.role("role_admin", crm, "Admin");
  for (const id of ["perm_read", "perm_write", "perm_delete", "perm_read_eu"]) {
    model.grant("role_admin", id);
  }
  model.permissionOverride(production, "perm_delete", "disabled");
  model.rolePermissionOverride(production, "role_admin", "perm_delete", "enabled");
  model.permissionOverride(production, "perm_main_delete", "disabled");

  model.subject("subject_ann");
  model.assign("role_viewer", model.membership("membership_ann_crm", "subject_ann", crm));
  model.subject("subject_bob");
  model.assign("role_lead", model.membership("membership_bob_main", "subject_bob", main));
  model.subject("subject_cy");
  model.assign("role_admin", model.membership("membership_cy_prod", "subject_cy", production));
  const expired = new Date(defaultNowMs - hourMs).toISOString();
  model.assign("role_viewer", model.membership("membership_cy_crm", "subject_cy", crm), expired);
  model.subject("subject_dee", { status: "disabled" });
  model.assign("role_admin", model.membership("membership_dee_crm", "subject_dee", crm));
  model.subject("subject_bot", { subjectType: "agent", tenantId: "tenant_acme" });
  model.assign(
    "role_viewer",
    model.membership("membership_bot_staging", "subject_bot", scopes.staging),
  );

  model.tenant("tenant_globex", { revision: 3 });
  model.workspace("workspace_globex", "scope_tenant_globex");
  model.project("project_globex_crm", "scope_workspace_globex");
  model.permission("perm_globex_read", globexCrm, { action: "read", resourceType: "customer" });
  model.role("role_globex_viewer", globexCrm, "Viewer");
  model.grant("role_globex_viewer", "perm_globex_read");
  model.subject("subject_gus");
  model.assign(
    "role_globex_viewer",
    model.membership("membership_gus_crm", "subject_gus", globexCrm),
  );
  model.subject("subject_globex_bot", { subjectType: "agent", tenantId: "tenant_globex" });
  model.assign(
    "role_globex_viewer",
    model.membership("membership_globex_bot_crm", "subject_globex_bot", globexCrm),
  );
  return model;
}
