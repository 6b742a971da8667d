import type { OverrideState, ScopeKind, TenantStatus } from "../model/entities.js";
import { byId } from "./internal/order.js";
import type { TenantSnapshot } from "./tenant-snapshot.js";

/** A scope with its ancestry resolved through parent links, self first. */
export interface IndexedScope {
  id: string;
  kind: ScopeKind;
  /** The tenant, workspace, project or environment the scope belongs to. */
  entityId: string;
  parentScopeId: string | null;
  /** This scope, then its parent, up to the tenant's root. */
  path: readonly string[];
  /** How many scopes lie below this one, at any depth. */
  descendants: number;
}

/** A permission as evaluation reads it. */
export interface IndexedPermission {
  id: string;
  scopeId: string;
  action: string;
  resourceType: string;
  resourcePattern: string;
  key: string;
}

/** A role with its granted permissions grouped by action (`*` under "*"). */
export interface IndexedRole {
  id: string;
  scopeId: string;
  name: string;
  permissionsByAction: Map<string, IndexedPermission[]>;
}

/** A role assignment with its expiry as epoch milliseconds. */
export interface IndexedAssignment {
  id: string;
  roleId: string;
  expiresAtMs: number | null;
}

/** An override's decision and where it came from. */
export interface IndexedOverride {
  id: string;
  state: OverrideState;
}

/** One tenant's model compiled for fast, database-free evaluation. */
export interface TenantIndex {
  tenantId: string;
  status: TenantStatus;
  revision: number;
  scopes: Map<string, IndexedScope>;
  /** scopeId → the ids of its child scopes, in id order */
  children: Map<string, string[]>;
  /** kind → the ids of every scope of that kind, in id order */
  scopesByKind: Map<ScopeKind, string[]>;
  /** subjectId → scopeId → membershipId */
  memberships: Map<string, Map<string, string>>;
  /** scopeId → subjectId → membershipId: the same memberships, read from the scope */
  members: Map<string, Map<string, string>>;
  assignments: Map<string, IndexedAssignment[]>;
  roles: Map<string, IndexedRole>;
  /** scopeId → permissionId → override */
  permissionOverrides: Map<string, Map<string, IndexedOverride>>;
  /** scopeId → `${roleId} ${permissionId}` → override */
  rolePermissionOverrides: Map<string, Map<string, IndexedOverride>>;
}

/** Key of a role-permission pair in `rolePermissionOverrides`. */
export function pairKey(roleId: string, permissionId: string): string {
  return `${roleId} ${permissionId}`;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function nestedSet<V>(map: Map<string, Map<string, V>>, outer: string, inner: string, v: V) {
  let innerMap = map.get(outer);
  if (innerMap === undefined) {
    innerMap = new Map();
    map.set(outer, innerMap);
  }
  innerMap.set(inner, v);
}

function indexScopes(snapshot: TenantSnapshot): Map<string, IndexedScope> {
  const parents = new Map(snapshot.scopes.map((scope) => [scope.id, scope.parentScopeId]));
  const scopes = new Map<string, IndexedScope>();
  for (const scope of snapshot.scopes) {
    const path: string[] = [];
    let current: string | null | undefined = scope.id;
    // The depth bound guards against a corrupt cycle; real trees are four deep.
    while (current != null && path.length < 16) {
      path.push(current);
      current = parents.get(current);
    }
    scopes.set(scope.id, {
      id: scope.id,
      kind: scope.kind,
      entityId: scope.entityId,
      parentScopeId: scope.parentScopeId,
      path,
      descendants: 0,
    });
  }
  for (const scope of scopes.values()) {
    for (const ancestorId of scope.path.slice(1)) {
      const ancestor = scopes.get(ancestorId);
      if (ancestor !== undefined) ancestor.descendants += 1;
    }
  }
  return scopes;
}

function indexKinds(scopes: Map<string, IndexedScope>): Map<ScopeKind, string[]> {
  const byKind = new Map<ScopeKind, string[]>();
  for (const scope of scopes.values()) pushTo(byKind, scope.kind, scope.id);
  for (const ids of byKind.values()) ids.sort(byId);
  return byKind;
}

function indexChildren(snapshot: TenantSnapshot): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const scope of snapshot.scopes) {
    if (scope.parentScopeId !== null) pushTo(children, scope.parentScopeId, scope.id);
  }
  for (const ids of children.values()) ids.sort(byId);
  return children;
}

function indexRoles(snapshot: TenantSnapshot): Map<string, IndexedRole> {
  const permissions = new Map(snapshot.permissions.map((p) => [p.id, p]));
  const roles = new Map<string, IndexedRole>();
  for (const role of snapshot.roles) {
    roles.set(role.id, {
      id: role.id,
      scopeId: role.scopeId,
      name: role.name,
      permissionsByAction: new Map(),
    });
  }
  for (const grant of snapshot.grants) {
    const role = roles.get(grant.roleId);
    const permission = permissions.get(grant.permissionId);
    if (role === undefined || permission === undefined) continue;
    pushTo(role.permissionsByAction, permission.action, {
      id: permission.id,
      scopeId: permission.scopeId,
      action: permission.action,
      resourceType: permission.resourceType,
      resourcePattern: permission.resourcePattern,
      key: permission.key,
    });
  }
  return roles;
}

/** Compiles a tenant's records into the structure evaluation reads. */
export function compileTenantIndex(snapshot: TenantSnapshot): TenantIndex {
  const memberships = new Map<string, Map<string, string>>();
  const members = new Map<string, Map<string, string>>();
  for (const m of snapshot.memberships) {
    nestedSet(memberships, m.subjectId, m.scopeId, m.id);
    nestedSet(members, m.scopeId, m.subjectId, m.id);
  }

  const assignments = new Map<string, IndexedAssignment[]>();
  for (const a of snapshot.roleAssignments) {
    const expiresAtMs = a.expiresAt === null ? null : Date.parse(a.expiresAt);
    pushTo(assignments, a.membershipId, { id: a.id, roleId: a.roleId, expiresAtMs });
  }

  const permissionOverrides = new Map<string, Map<string, IndexedOverride>>();
  for (const o of snapshot.permissionOverrides) {
    nestedSet(permissionOverrides, o.childScopeId, o.permissionId, { id: o.id, state: o.state });
  }
  const rolePermissionOverrides = new Map<string, Map<string, IndexedOverride>>();
  for (const o of snapshot.rolePermissionOverrides) {
    const key = pairKey(o.roleId, o.permissionId);
    nestedSet(rolePermissionOverrides, o.childScopeId, key, { id: o.id, state: o.state });
  }

  const scopes = indexScopes(snapshot);
  return {
    tenantId: snapshot.tenant.id,
    status: snapshot.tenant.status,
    revision: snapshot.tenant.revision,
    scopes,
    children: indexChildren(snapshot),
    scopesByKind: indexKinds(scopes),
    memberships,
    members,
    assignments,
    roles: indexRoles(snapshot),
    permissionOverrides,
    rolePermissionOverrides,
  };
}
