import type { SubjectStatus, SubjectType } from "../model/entities.js";
import type {
  Decision,
  EvaluateRequest,
  Match,
  ReasonCode,
  ResourceRef,
  SubjectDecision,
  SubjectRef,
  TraceStep,
} from "./decision.js";
import { decidingOverride } from "./internal/override.js";
import { candidatePermissions, resourceMatches } from "./internal/permission-match.js";
import type { TenantIndex } from "./tenant-index.js";

/** What evaluation needs to know of a subject. */
export interface SubjectEntry {
  subjectType: SubjectType;
  status: SubjectStatus;
  /**
   * The subject's home tenant; null or absent when it has none. Evaluation
   * never reads it: it decides which tenant-bound callers may see the subject.
   */
  tenantId?: string | null;
}

/** The in-memory model evaluation reads; nothing here touches a database. */
export interface EvaluationContext {
  subject(subjectId: string): SubjectEntry | undefined;
  /** The index of the tenant owning the scope, or undefined when it is unknown. */
  tenantOfScope(scopeId: string): TenantIndex | undefined;
  nowMs: number;
}

interface Question {
  scopeId: string;
  action: string;
  resource: ResourceRef;
}

function decided(subjectId: string, reason: ReasonCode, matched?: Match): SubjectDecision {
  const allowed = reason === "allowed";
  const decision: SubjectDecision = {
    subjectId,
    allowed,
    decision: allowed ? "ALLOWED" : "DENIED",
    reason,
  };
  if (matched !== undefined) decision.matched = matched;
  return decision;
}

/** Decides one subject's access; records each step in `trace` when given. */
export function evaluateSubject(
  context: EvaluationContext,
  ref: SubjectRef,
  question: Question,
  trace?: TraceStep[],
): SubjectDecision {
  const subjectId = ref.subjectId;
  const note = (step: Omit<TraceStep, "subjectId">) => trace?.push({ subjectId, ...step });

  const subject = context.subject(subjectId);
  if (subject === undefined) {
    note({ step: "subject", outcome: "fail", message: "subject does not exist" });
    return decided(subjectId, "subject_not_found");
  }
  if (subject.status !== "active") {
    note({ step: "subject", outcome: "fail", message: `subject is ${subject.status}` });
    return decided(subjectId, "subject_inactive");
  }
  if (subject.subjectType !== ref.subjectType) {
    const message = `subject is a ${subject.subjectType}, not a ${ref.subjectType}`;
    note({ step: "subject", outcome: "fail", message });
    return decided(subjectId, "subject_type_mismatch");
  }
  note({ step: "subject", outcome: "pass", message: `active ${subject.subjectType}` });

  const index = context.tenantOfScope(question.scopeId);
  const scope = index?.scopes.get(question.scopeId);
  if (index === undefined || scope === undefined) {
    note({ step: "scope", outcome: "fail", message: "scope does not exist" });
    return decided(subjectId, "scope_not_found");
  }
  note({ step: "scope", outcome: "pass", message: `${scope.kind} scope`, scopeId: scope.id });
  if (index.status !== "active") {
    note({
      step: "tenant",
      outcome: "fail",
      message: `tenant ${index.tenantId} is ${index.status}`,
    });
    return decided(subjectId, "tenant_inactive");
  }

  const memberships = index.memberships.get(subjectId);
  let sawMembership = false;
  let sawMatch = false;
  let firstMatch: Match | undefined;

  for (const scopeId of scope.path) {
    const membershipId = memberships?.get(scopeId);
    if (membershipId === undefined) continue;
    sawMembership = true;
    note({
      step: "membership",
      outcome: "pass",
      message: "membership applies",
      scopeId,
      membershipId,
    });

    for (const assignment of index.assignments.get(membershipId) ?? []) {
      const { roleId } = assignment;
      if (assignment.expiresAtMs !== null && assignment.expiresAtMs <= context.nowMs) {
        const at = { membershipId, assignmentId: assignment.id, roleId };
        note({ step: "assignment", outcome: "skip", message: "assignment expired", ...at });
        continue;
      }
      const role = index.roles.get(roleId);
      if (role === undefined) continue;
      const at = { membershipId, assignmentId: assignment.id, roleId };
      note({ step: "assignment", outcome: "pass", message: `role ${role.name}`, ...at });

      for (const permission of candidatePermissions(role.permissionsByAction, question.action)) {
        if (!resourceMatches(permission, question.resource)) {
          // Only an explanation pays for the message, in this innermost loop.
          if (trace !== undefined) {
            const message = `${permission.key} does not match the resource`;
            note({
              step: "permission",
              outcome: "skip",
              message,
              roleId,
              permissionId: permission.id,
            });
          }
          continue;
        }
        sawMatch = true;
        const where = { roleId, permissionId: permission.id };
        note({
          step: "permission",
          outcome: "pass",
          message: `matches ${permission.key}`,
          ...where,
        });

        const override = decidingOverride(index, scope.path, roleId, permission);
        if (override?.state === "disabled") {
          const message = "disabled by override";
          note({ step: "override", outcome: "fail", message, overrideId: override.id, ...where });
          continue;
        }
        if (override !== undefined) {
          const message = "enabled by override";
          note({ step: "override", outcome: "pass", message, overrideId: override.id, ...where });
        }
        const match = {
          membershipId,
          roleId,
          permissionId: permission.id,
          permissionKey: permission.key,
        };
        if (trace === undefined) return decided(subjectId, "allowed", match);
        firstMatch ??= match;
      }
    }
  }

  if (firstMatch !== undefined) return decided(subjectId, "allowed", firstMatch);
  if (!sawMembership) {
    note({ step: "membership", outcome: "fail", message: "no membership at this scope or above" });
    return decided(subjectId, "no_membership");
  }
  if (!sawMatch) {
    note({ step: "permission", outcome: "fail", message: "no role grants a matching permission" });
    return decided(subjectId, "no_matching_permission");
  }
  return decided(subjectId, "disabled_by_override");
}

function revisionOf(context: EvaluationContext, scopeId: string): number {
  return context.tenantOfScope(scopeId)?.revision ?? 0;
}

/**
 * Answers an evaluate request. With `onBehalfOf`, both subjects are decided
 * and the request is allowed only when both are.
 *
 * @example
 * const decision = evaluate(request, context);
 * if (decision.allowed) serve();
 */
export function evaluate(request: EvaluateRequest, context: EvaluationContext): Decision {
  const trace: TraceStep[] | undefined = request.explain === true ? [] : undefined;
  const question = { scopeId: request.scopeId, action: request.action, resource: request.resource };
  const revision = revisionOf(context, request.scopeId);
  const actor = evaluateSubject(context, request.actor, question, trace);

  if (request.onBehalfOf === undefined) {
    const decision: Decision = {
      allowed: actor.allowed,
      decision: actor.decision,
      reason: actor.reason,
      revision,
    };
    if (actor.matched !== undefined) decision.matched = actor.matched;
    if (trace !== undefined) decision.trace = finish(trace, request.actor.subjectId, actor.reason);
    return decision;
  }

  const principal = evaluateSubject(context, request.onBehalfOf, question, trace);
  let reason: ReasonCode = "allowed";
  if (!actor.allowed) reason = "actor_denied";
  else if (!principal.allowed) reason = "on_behalf_of_denied";
  const allowed = reason === "allowed";
  const decision: Decision = {
    allowed,
    decision: allowed ? "ALLOWED" : "DENIED",
    reason,
    actor,
    onBehalfOf: principal,
    revision,
  };
  if (allowed && actor.matched !== undefined) decision.matched = actor.matched;
  if (trace !== undefined) decision.trace = finish(trace, request.actor.subjectId, reason);
  return decision;
}

function finish(trace: TraceStep[], subjectId: string, reason: ReasonCode): TraceStep[] {
  const outcome = reason === "allowed" ? "pass" : "fail";
  trace.push({ step: "result", subjectId, outcome, message: reason });
  return trace;
}
