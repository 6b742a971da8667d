import type { Where } from "../store/store.js";
import type { TableName, Tables } from "../store/tables.js";
import type { Mutation } from "./mutation.js";

async function deleteWhere<T extends TableName>(m: Mutation, table: T, where: Where<Tables[T]>) {
  for (const row of await m.find(table, where)) await m.delete(table, row);
}

/** Deletes a role with its grants, assignments and overrides. */
export async function deleteRole(m: Mutation, role: Tables["roles"]) {
  await deleteWhere(m, "grants", { roleId: role.id });
  await deleteWhere(m, "roleAssignments", { roleId: role.id });
  await deleteWhere(m, "rolePermissionOverrides", { roleId: role.id });
  await m.delete("roles", role);
}

/** Deletes a permission with its grants and overrides. */
export async function deletePermission(m: Mutation, permission: Tables["permissions"]) {
  const permissionId = permission.id;
  await deleteWhere(m, "grants", { permissionId });
  await deleteWhere(m, "permissionOverrides", { permissionId });
  await deleteWhere(m, "rolePermissionOverrides", { permissionId });
  await m.delete("permissions", permission);
}

/** Deletes a membership with its role assignments. */
export async function deleteMembership(m: Mutation, membership: Tables["memberships"]) {
  await deleteWhere(m, "roleAssignments", { membershipId: membership.id });
  await m.delete("memberships", membership);
}

/** Deletes a subject with its memberships and, for a user, its user record. */
export async function deleteSubject(m: Mutation, subject: Tables["subjects"]) {
  for (const membership of await m.find("memberships", { subjectId: subject.id })) {
    await deleteMembership(m, membership);
  }
  await deleteWhere(m, "users", { subjectId: subject.id });
  await m.delete("subjects", subject);
}

/**
 * Deletes a scope, everything below it, and everything defined at any of
 * them: memberships, roles, permissions and overrides.
 */
export async function deleteScopeTree(m: Mutation, scope: Tables["scopes"]) {
  for (const child of await m.find("scopes", { parentScopeId: scope.id })) {
    await deleteScopeTree(m, child);
  }
  const scopeId = scope.id;
  for (const role of await m.find("roles", { scopeId })) await deleteRole(m, role);
  for (const p of await m.find("permissions", { scopeId })) await deletePermission(m, p);
  for (const ms of await m.find("memberships", { scopeId })) await deleteMembership(m, ms);
  await deleteWhere(m, "permissionOverrides", { childScopeId: scopeId });
  await deleteWhere(m, "rolePermissionOverrides", { childScopeId: scopeId });

  const entityTable = {
    tenant: "tenants",
    workspace: "workspaces",
    project: "projects",
    environment: "environments",
  } as const satisfies Record<Tables["scopes"]["kind"], TableName>;
  const entity = await m.get(entityTable[scope.kind], scope.entityId);
  if (entity !== undefined) await m.delete(entityTable[scope.kind], entity);
  await m.delete("scopes", scope);
}

/** Deletes a tenant and all it holds; its users keep their records elsewhere. */
export async function deleteTenant(m: Mutation, tenant: Tables["tenants"]) {
  const scope = await m.get("scopes", tenant.scopeId);
  if (scope !== undefined) await deleteScopeTree(m, scope);
  else await m.delete("tenants", tenant);
  for (const subject of await m.find("subjects", { tenantId: tenant.id })) {
    await deleteSubject(m, subject);
  }
  for (const user of await m.find("users", { defaultTenantId: tenant.id })) {
    await m.update("users", user, { defaultTenantId: null });
  }
  for (const key of await m.find("apiKeys", { tenantId: tenant.id })) {
    await m.delete("apiKeys", key);
  }
}
