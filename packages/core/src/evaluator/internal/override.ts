import {
  type IndexedOverride,
  type IndexedPermission,
  pairKey,
  type TenantIndex,
} from "../tenant-index.js";

/**
 * The override that decides a role-permission pair at the evaluated scope:
 * walking up from it to the permission's scope, the first level holding any
 * override for the pair decides, role-permission override first.
 */
export function decidingOverride(
  index: TenantIndex,
  path: readonly string[],
  roleId: string,
  permission: IndexedPermission,
): IndexedOverride | undefined {
  if (index.permissionOverrides.size === 0 && index.rolePermissionOverrides.size === 0) {
    return undefined;
  }
  for (const scopeId of path) {
    if (scopeId === permission.scopeId) return undefined;
    const forRole = index.rolePermissionOverrides.get(scopeId)?.get(pairKey(roleId, permission.id));
    if (forRole !== undefined) return forRole;
    const forAll = index.permissionOverrides.get(scopeId)?.get(permission.id);
    if (forAll !== undefined) return forAll;
  }
  return undefined;
}
