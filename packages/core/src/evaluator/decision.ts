import type { SubjectType } from "../model/entities.js";

/** Why a decision came out as it did; stable, for programs to branch on. */
export type ReasonCode =
  | "allowed"
  | "subject_not_found"
  | "subject_inactive"
  | "subject_type_mismatch"
  | "scope_not_found"
  | "tenant_inactive"
  | "no_membership"
  | "no_matching_permission"
  | "disabled_by_override"
  | "actor_denied"
  | "on_behalf_of_denied";

/** Every reason code, in the order the evaluator checks them. */
export const reasonCodes: readonly ReasonCode[] = [
  "allowed",
  "subject_not_found",
  "subject_inactive",
  "subject_type_mismatch",
  "scope_not_found",
  "tenant_inactive",
  "no_membership",
  "no_matching_permission",
  "disabled_by_override",
  "actor_denied",
  "on_behalf_of_denied",
];

/** Names a subject in a request. */
export interface SubjectRef {
  subjectId: string;
  subjectType: SubjectType;
}

/** What is being accessed. */
export interface ResourceRef {
  resourceType: string;
  resourceId?: string;
}

/** One authorization question. */
export interface EvaluateRequest {
  actor: SubjectRef;
  onBehalfOf?: SubjectRef;
  scopeId: string;
  action: string;
  resource: ResourceRef;
  explain?: boolean;
  minRevision?: number;
}

/** The grant that allowed a request. */
export interface Match {
  membershipId: string;
  roleId: string;
  permissionId: string;
  permissionKey: string;
}

/** The step of evaluation a trace entry speaks of. */
export type TraceStepKind =
  | "subject"
  | "scope"
  | "tenant"
  | "membership"
  | "assignment"
  | "permission"
  | "override"
  | "result";

/** One line of an explanation: what was considered and what came of it. */
export interface TraceStep {
  step: TraceStepKind;
  subjectId: string;
  outcome: "pass" | "fail" | "skip";
  message: string;
  scopeId?: string;
  membershipId?: string;
  assignmentId?: string;
  roleId?: string;
  permissionId?: string;
  overrideId?: string;
}

/** The outcome for one subject. */
export interface SubjectDecision {
  subjectId: string;
  allowed: boolean;
  decision: "ALLOWED" | "DENIED";
  reason: ReasonCode;
  matched?: Match;
}

/** The answer to an evaluate request. */
export interface Decision {
  allowed: boolean;
  decision: "ALLOWED" | "DENIED";
  reason: ReasonCode;
  matched?: Match;
  actor?: SubjectDecision;
  onBehalfOf?: SubjectDecision;
  /** The tenant revision the answer was computed from (0 for an unknown scope). */
  revision: number;
  trace?: TraceStep[];
}
