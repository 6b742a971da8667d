import type { TenantSnapshot } from "../../src/evaluator/tenant-snapshot.js";
import type { Subject } from "../../src/model/entities.js";
import type { LargeTenant } from "../large-tenant.js";

/**
 * One workspace of the benchmark tenant, cut out with everything that
 * decides access inside it: the tenant's root, the workspace, its projects
 * and environments, and every subject, membership, role, permission, grant,
 * assignment and override at those scopes. A check at one of these scopes
 * gets the same answer here as in the whole tenant.
 */
export interface SubModel {
  snapshot: TenantSnapshot;
  /** Subjects holding at least one membership in the sub-model. */
  subjects: Subject[];
  workspaceScopeId: string;
  /** Per scope, itself and then its ancestors up to the root. */
  pathUp: Map<string, string[]>;
  /** Per scope, itself and every scope below it. */
  subtree: Map<string, string[]>;
}

function pathsUp(snapshot: TenantSnapshot): Map<string, string[]> {
  const parents = new Map(snapshot.scopes.map((scope) => [scope.id, scope.parentScopeId]));
  const paths = new Map<string, string[]>();
  for (const scope of snapshot.scopes) {
    const path: string[] = [];
    for (let at: string | null | undefined = scope.id; at != null; at = parents.get(at)) {
      path.push(at);
    }
    paths.set(scope.id, path);
  }
  return paths;
}

function subtrees(paths: Map<string, string[]>): Map<string, string[]> {
  const below = new Map<string, string[]>();
  for (const [scopeId, path] of paths) {
    for (const ancestor of path) {
      const list = below.get(ancestor);
      if (list === undefined) below.set(ancestor, [scopeId]);
      else list.push(scopeId);
    }
  }
  return below;
}

/** Cuts the workspace `workspaceScopeId` and the root above it out of `tenant`. */
export function carveWorkspace(tenant: LargeTenant, workspaceScopeId: string): SubModel {
  const whole = tenant.snapshot;
  const root = whole.tenant.scopeId;
  const wholeSubtree = subtrees(pathsUp(whole));
  const kept = new Set([root, ...(wholeSubtree.get(workspaceScopeId) ?? [])]);

  const memberships = whole.memberships.filter((m) => kept.has(m.scopeId));
  const membershipIds = new Set(memberships.map((m) => m.id));
  const roles = whole.roles.filter((role) => kept.has(role.scopeId));
  const roleIds = new Set(roles.map((role) => role.id));
  const snapshot: TenantSnapshot = {
    tenant: whole.tenant,
    scopes: whole.scopes.filter((scope) => kept.has(scope.id)),
    memberships,
    roles,
    permissions: whole.permissions.filter((p) => kept.has(p.scopeId)),
    grants: whole.grants.filter((grant) => roleIds.has(grant.roleId)),
    roleAssignments: whole.roleAssignments.filter((a) => membershipIds.has(a.membershipId)),
    permissionOverrides: whole.permissionOverrides.filter((o) => kept.has(o.childScopeId)),
    rolePermissionOverrides: whole.rolePermissionOverrides.filter(
      (o) => kept.has(o.childScopeId) && roleIds.has(o.roleId),
    ),
  };

  const members = new Set(memberships.map((m) => m.subjectId));
  const pathUp = pathsUp(snapshot);
  return {
    snapshot,
    subjects: tenant.subjects.filter((subject) => members.has(subject.id)),
    workspaceScopeId,
    pathUp,
    subtree: subtrees(pathUp),
  };
}
