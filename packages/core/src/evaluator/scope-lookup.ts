import type { ScopeKind } from "../model/entities.js";
import type { Match, ResourceRef, SubjectRef } from "./decision.js";
import type { EvaluationContext } from "./evaluate.js";
import { candidateScopes } from "./internal/candidate-scopes.js";
import { decidingOverride } from "./internal/override.js";
import { candidatePermissions, resourceMatches } from "./internal/permission-match.js";
import { collectPage, type PageRequest } from "./lookup-page.js";
import type { IndexedPermission, IndexedScope, TenantIndex } from "./tenant-index.js";

/** Which scopes of a kind in a tenant allow a subject an action on a resource type? */
export interface ScopeLookup extends PageRequest {
  subject: SubjectRef;
  tenantId: string;
  kind: ScopeKind;
  action: string;
  resourceType: string;
  resourceId?: string;
  minRevision?: number;
}

/** A scope where the subject is allowed, and the grant that allows it there. */
export interface ScopeMatch {
  scopeId: string;
  kind: ScopeKind;
  entityId: string;
  parentScopeId: string | null;
  matched: Match;
}

/** A role-permission pair a membership holds that answers the question, overrides aside. */
interface HeldPair {
  membershipId: string;
  roleId: string;
  permission: IndexedPermission;
}

/**
 * Per membership scope, the pairs that match the question, in the order
 * evaluate meets them: assignments in order, exact actions before `*`.
 * Computed once per lookup, so each candidate scope only walks its path
 * and checks overrides.
 */
function heldPairs(
  index: TenantIndex,
  memberAt: Map<string, string>,
  question: { action: string; resource: ResourceRef },
  nowMs: number,
): Map<string, HeldPair[]> {
  const held = new Map<string, HeldPair[]>();
  for (const [scopeId, membershipId] of memberAt) {
    const pairs: HeldPair[] = [];
    for (const assignment of index.assignments.get(membershipId) ?? []) {
      if (assignment.expiresAtMs !== null && assignment.expiresAtMs <= nowMs) continue;
      const role = index.roles.get(assignment.roleId);
      if (role === undefined) continue;
      for (const permission of candidatePermissions(role.permissionsByAction, question.action)) {
        if (!resourceMatches(permission, question.resource)) continue;
        pairs.push({ membershipId, roleId: role.id, permission });
      }
    }
    held.set(scopeId, pairs);
  }
  return held;
}

/** The first pair that survives the overrides at the scope, as evaluate would pick it. */
function firstAllowing(
  index: TenantIndex,
  scope: IndexedScope,
  held: Map<string, HeldPair[]>,
): Match | undefined {
  for (const scopeId of scope.path) {
    for (const pair of held.get(scopeId) ?? []) {
      const override = decidingOverride(index, scope.path, pair.roleId, pair.permission);
      if (override?.state === "disabled") continue;
      const { membershipId, roleId, permission } = pair;
      return { membershipId, roleId, permissionId: permission.id, permissionKey: permission.key };
    }
  }
  return undefined;
}

/**
 * Answers a scope lookup from one tenant's index. Each candidate scope is
 * decided by the rules of evaluate, overrides included, and names the same
 * match an evaluate of the subject there would: the page holds exactly the
 * scopes that evaluate would allow.
 */
export function lookupScopes(
  index: TenantIndex,
  context: EvaluationContext,
  lookup: ScopeLookup,
): { data: ScopeMatch[]; nextCursor: string | null } {
  const none = { data: [], nextCursor: null };
  const { subjectId, subjectType } = lookup.subject;
  const subject = context.subject(subjectId);
  if (subject?.status !== "active" || subject.subjectType !== subjectType) return none;
  if (index.status !== "active") return none;
  const memberAt = index.memberships.get(subjectId);
  if (memberAt === undefined) return none;

  const resource: ResourceRef = { resourceType: lookup.resourceType };
  if (lookup.resourceId !== undefined) resource.resourceId = lookup.resourceId;
  const held = heldPairs(index, memberAt, { action: lookup.action, resource }, context.nowMs);
  const candidates = candidateScopes(index, memberAt, lookup.kind, lookup.after);

  return collectPage(candidates, lookup, (scopeId) => {
    const scope = index.scopes.get(scopeId);
    const matched = scope === undefined ? undefined : firstAllowing(index, scope, held);
    if (scope === undefined || matched === undefined) return undefined;
    const { kind, entityId, parentScopeId } = scope;
    return { scopeId, kind, entityId, parentScopeId, matched };
  });
}
