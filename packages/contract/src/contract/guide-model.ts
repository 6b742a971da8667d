import type { Bedrock, EvaluateRequest } from "@bedrock/sdk";

/** Who a check is about, as an evaluate request names them. */
export const user = (subjectId: string) => ({ subjectId, subjectType: "user" as const });
export const agent = (subjectId: string) => ({ subjectId, subjectType: "agent" as const });

/** An evaluate request with the guide's defaults: read customers at Acme's CRM project. */
export function check(overrides: Partial<EvaluateRequest> = {}): EvaluateRequest {
  return {
    actor: user("subject_acme_user"),
    scopeId: "scope_project_crm",
    action: "read",
    resource: { resourceType: "customer" },
    ...overrides,
  };
}

const permissionsAt = (scopeId: string, prefix: string) => [
  {
    id: `${prefix}read`,
    scopeId,
    action: "read",
    resourceType: "customer",
    key: "customer:read:*",
  },
  { id: `${prefix}write`, scopeId, action: "write", resourceType: "customer" },
  { id: `${prefix}delete`, scopeId, action: "delete", resourceType: "customer" },
  { id: `${prefix}export`, scopeId, action: "export", resourceType: "report" },
];

/**
 * Builds the guide's Acme and Globex through the API, with the guide's ids:
 * the same model `presets.guide()` declares for the mock.
 */
export async function seedGuide(bedrock: Bedrock): Promise<void> {
  await bedrock.tenants.create({
    id: "tenant_acme",
    name: "Acme Corp",
    slug: "acme-corp",
    kind: "standard",
    planKey: "pro",
    maxUsers: 50,
  });
  await bedrock.tenants.create({
    id: "tenant_globex",
    name: "Globex Inc",
    slug: "globex-inc",
    kind: "standard",
    planKey: "pro",
    maxUsers: 100,
  });
  await bedrock.workspaces.create({ id: "workspace_main", tenantId: "tenant_acme", name: "Main" });
  await bedrock.projects.create({
    id: "project_crm",
    tenantId: "tenant_acme",
    workspaceId: "workspace_main",
    name: "CRM Application",
  });
  for (const [id, name] of [
    ["env_production", "Production"],
    ["env_staging", "Staging"],
  ] as const) {
    await bedrock.environments.create({
      id,
      tenantId: "tenant_acme",
      projectId: "project_crm",
      name,
    });
  }
  await bedrock.workspaces.create({
    id: "workspace_globex_main",
    tenantId: "tenant_globex",
    name: "Main",
  });
  await bedrock.projects.create({
    id: "project_globex_crm",
    tenantId: "tenant_globex",
    workspaceId: "workspace_globex_main",
    name: "CRM Application",
  });

  await bedrock.permissions.createBatch(permissionsAt("scope_project_crm", "perm_"));
  const all = ["perm_read", "perm_write", "perm_delete", "perm_export"];
  await bedrock.roles.createBatch([
    { id: "role_admin", name: "Admin", scopeId: "scope_project_crm", permissionIds: all },
    { id: "role_sales_rep", name: "Sales Rep", scopeId: "scope_project_crm", permissionIds: all },
    {
      id: "role_viewer",
      name: "Viewer",
      scopeId: "scope_project_crm",
      permissionIds: ["perm_read"],
    },
  ]);

  const people = [
    ["acme_user", "user@acme.com", "membership_acme_user_crm", "role_sales_rep"],
    ["sales_rep", "rep@acme.com", "membership_sales_rep_crm", "role_sales_rep"],
    ["acme_admin", "admin@acme.com", "membership_acme_admin_crm", "role_admin"],
  ] as const;
  for (const [name, email, membershipId, roleId] of people) {
    await bedrock.users.create({
      id: `user_${name}`,
      subjectId: `subject_${name}`,
      email,
      defaultTenantId: "tenant_acme",
    });
    await bedrock.memberships.create({
      id: membershipId,
      subjectId: `subject_${name}`,
      scopeId: "scope_project_crm",
    });
    await bedrock.roleAssignments.create({ roleId, membershipId });
  }

  await bedrock.subjects.create({
    id: "subject_acme_agent",
    subjectType: "agent",
    externalId: "acme-sales-assistant",
    displayName: "Acme Sales Assistant",
  });
  await bedrock.memberships.create({
    id: "membership_agent_crm",
    subjectId: "subject_acme_agent",
    scopeId: "scope_project_crm",
  });
  await bedrock.roleAssignments.create({
    roleId: "role_viewer",
    membershipId: "membership_agent_crm",
  });

  await bedrock.overrides.permission({
    childScopeId: "scope_env_production",
    permissionId: "perm_delete",
    state: "disabled",
  });
  await bedrock.overrides.rolePermission({
    childScopeId: "scope_env_production",
    roleId: "role_sales_rep",
    permissionId: "perm_export",
    state: "disabled",
  });
}
