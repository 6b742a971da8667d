import type { EvaluateRequest, ReasonCode } from "../src/evaluator/decision.js";
import { matchesPattern } from "../src/evaluator/pattern.js";
import type { TenantSnapshot } from "../src/evaluator/tenant-snapshot.js";
import type { Subject } from "../src/model/entities.js";

/**
 * Decides a request by scanning the stored records on every call, with no
 * index: what evaluation would cost if it read the database rows as they
 * are. Only the benchmark's yardstick; it ignores delegation.
 */
export class NaiveEvaluator {
  constructor(
    private readonly snapshot: TenantSnapshot,
    private readonly subjects: Subject[],
    private readonly nowMs: number,
  ) {}

  reason(request: EvaluateRequest): ReasonCode {
    const { snapshot } = this;
    const subject = this.subjects.find((s) => s.id === request.actor.subjectId);
    if (subject === undefined) return "subject_not_found";
    if (subject.status !== "active") return "subject_inactive";
    if (subject.subjectType !== request.actor.subjectType) return "subject_type_mismatch";
    if (!snapshot.scopes.some((s) => s.id === request.scopeId)) return "scope_not_found";
    if (snapshot.tenant.status !== "active") return "tenant_inactive";

    const path = this.pathUp(request.scopeId);
    const memberships = snapshot.memberships.filter(
      (m) => m.subjectId === subject.id && path.includes(m.scopeId),
    );
    if (memberships.length === 0) return "no_membership";

    let matched = false;
    for (const membership of memberships) {
      for (const assignment of snapshot.roleAssignments) {
        if (assignment.membershipId !== membership.id) continue;
        if (assignment.expiresAt !== null && Date.parse(assignment.expiresAt) <= this.nowMs) {
          continue;
        }
        for (const grant of snapshot.grants) {
          if (grant.roleId !== assignment.roleId) continue;
          const permission = snapshot.permissions.find((p) => p.id === grant.permissionId);
          if (permission === undefined || !this.matches(permission, request)) continue;
          matched = true;
          if (!this.disabled(path, grant.roleId, permission.id, permission.scopeId)) {
            return "allowed";
          }
        }
      }
    }
    return matched ? "disabled_by_override" : "no_matching_permission";
  }

  private matches(
    permission: TenantSnapshot["permissions"][number],
    request: EvaluateRequest,
  ): boolean {
    if (permission.action !== request.action && permission.action !== "*") return false;
    const wanted = request.resource.resourceType;
    const type = permission.resourceType;
    if (type !== wanted && type !== "*" && wanted !== "*") return false;
    const resourceId = request.resource.resourceId;
    if (resourceId !== undefined) return matchesPattern(permission.resourcePattern, resourceId);
    return wanted === "*" || permission.resourcePattern === "*";
  }

  private disabled(path: string[], roleId: string, permissionId: string, permissionScope: string) {
    const { snapshot } = this;
    for (const level of path) {
      if (level === permissionScope) return false;
      const forRole = snapshot.rolePermissionOverrides.find(
        (o) => o.childScopeId === level && o.roleId === roleId && o.permissionId === permissionId,
      );
      if (forRole !== undefined) return forRole.state === "disabled";
      const forAll = snapshot.permissionOverrides.find(
        (o) => o.childScopeId === level && o.permissionId === permissionId,
      );
      if (forAll !== undefined) return forAll.state === "disabled";
    }
    return false;
  }

  private pathUp(scopeId: string): string[] {
    const path: string[] = [];
    let current = this.snapshot.scopes.find((s) => s.id === scopeId);
    while (current !== undefined) {
      path.push(current.id);
      const parentId = current.parentScopeId;
      current = this.snapshot.scopes.find((s) => s.id === parentId);
    }
    return path;
  }
}
