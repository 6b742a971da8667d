import type { SubjectType } from "../model/entities.js";
import type { Match } from "./decision.js";
import { type EvaluationContext, evaluateSubject } from "./evaluate.js";
import { byId } from "./internal/order.js";
import { collectPage, type PageRequest } from "./lookup-page.js";
import type { TenantIndex } from "./tenant-index.js";

/** Which subjects are allowed an action on a resource type at a scope? */
export interface SubjectLookup extends PageRequest {
  scopeId: string;
  action: string;
  resourceType: string;
  resourceId?: string;
  minRevision?: number;
}

/** A subject allowed at the scope, and the grant that allows it. */
export interface SubjectMatch {
  subjectId: string;
  subjectType: SubjectType;
  matched: Match;
}

/** Subjects with a membership at the scope or above it, in id order: no one else can be allowed. */
function candidateSubjects(index: TenantIndex, path: readonly string[]): string[] {
  const found = new Set<string>();
  for (const scopeId of path) {
    for (const subjectId of index.members.get(scopeId)?.keys() ?? []) found.add(subjectId);
  }
  return [...found].sort(byId);
}

/**
 * Answers a subject lookup from one tenant's index: each candidate is decided
 * exactly as an evaluate naming it with its own subject type would be.
 */
export function lookupSubjects(
  index: TenantIndex,
  context: EvaluationContext,
  lookup: SubjectLookup,
): { data: SubjectMatch[]; nextCursor: string | null } {
  const scope = index.scopes.get(lookup.scopeId);
  if (scope === undefined) return { data: [], nextCursor: null };
  const resource =
    lookup.resourceId === undefined
      ? { resourceType: lookup.resourceType }
      : { resourceType: lookup.resourceType, resourceId: lookup.resourceId };
  const question = { scopeId: scope.id, action: lookup.action, resource };

  return collectPage(candidateSubjects(index, scope.path), lookup, (subjectId) => {
    const subject = context.subject(subjectId);
    if (subject === undefined) return undefined;
    const ref = { subjectId, subjectType: subject.subjectType };
    const decision = evaluateSubject(context, ref, question);
    if (decision.matched === undefined) return undefined;
    return { subjectId, subjectType: subject.subjectType, matched: decision.matched };
  });
}
