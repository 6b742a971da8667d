import type { EvaluationContext } from "./evaluate.js";
import { byId } from "./internal/order.js";
import { decidingOverride } from "./internal/override.js";
import { collectPage, type PageRequest } from "./lookup-page.js";
import type { IndexedPermission, TenantIndex } from "./tenant-index.js";

/** Whose permissions, and where. */
export interface PermissionLookup extends PageRequest {
  subjectId: string;
  scopeId: string;
  minRevision?: number;
}

/** A role that carries a permission to the subject, and the membership it is assigned through. */
export interface PermissionSource {
  roleId: string;
  name: string;
  membershipId: string;
}

/** A permission the subject holds at the scope after overrides, and every role that carries it. */
export interface EffectivePermission {
  id: string;
  tenantId: string;
  scopeId: string;
  action: string;
  resourceType: string;
  resourcePattern: string;
  key: string;
  roles: PermissionSource[];
}

/**
 * What a subject may do at a scope: every permission of every unexpired role
 * assigned through a membership at the scope or above it, less the
 * role-permission pairs an override disables there. Follows the same rules
 * as evaluate, so a permission is listed exactly when some request it
 * matches would be allowed through it. A subject that evaluate would deny
 * before looking at memberships (inactive, or in a suspended tenant) holds none.
 */
export function effectivePermissions(
  index: TenantIndex,
  context: EvaluationContext,
  lookup: PermissionLookup,
): { data: EffectivePermission[]; nextCursor: string | null } {
  const none = { data: [], nextCursor: null };
  const subject = context.subject(lookup.subjectId);
  const scope = index.scopes.get(lookup.scopeId);
  if (subject?.status !== "active" || scope === undefined || index.status !== "active") {
    return none;
  }
  const memberAt = index.memberships.get(lookup.subjectId);
  if (memberAt === undefined) return none;

  const held = new Map<string, { permission: IndexedPermission; roles: PermissionSource[] }>();
  for (const scopeId of scope.path) {
    const membershipId = memberAt.get(scopeId);
    if (membershipId === undefined) continue;
    for (const assignment of index.assignments.get(membershipId) ?? []) {
      if (assignment.expiresAtMs !== null && assignment.expiresAtMs <= context.nowMs) continue;
      const role = index.roles.get(assignment.roleId);
      if (role === undefined) continue;
      for (const permissions of role.permissionsByAction.values()) {
        for (const permission of permissions) {
          const override = decidingOverride(index, scope.path, role.id, permission);
          if (override?.state === "disabled") continue;
          const entry = held.get(permission.id) ?? { permission, roles: [] };
          held.set(permission.id, entry);
          entry.roles.push({ roleId: role.id, name: role.name, membershipId });
        }
      }
    }
  }

  const ids = [...held.keys()].sort(byId);
  return collectPage(ids, lookup, (id) => {
    const entry = held.get(id);
    if (entry === undefined) return undefined;
    const { permission, roles } = entry;
    return {
      id: permission.id,
      tenantId: index.tenantId,
      scopeId: permission.scopeId,
      action: permission.action,
      resourceType: permission.resourceType,
      resourcePattern: permission.resourcePattern,
      key: permission.key,
      roles,
    };
  });
}
