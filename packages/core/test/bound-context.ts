import type { EvaluationContext } from "../src/evaluator/evaluate.js";
import { defaultNowMs, type ModelBuilder } from "./model-builder.js";

/**
 * The model as a caller bound to one tenant sees it, read literally from the
 * rule: scopes of other tenants do not exist, nor do subjects whose home is
 * another tenant, nor subjects without a home and without a membership here.
 */
export function boundContext(
  builder: ModelBuilder,
  tenantId: string,
  nowMs: number = defaultNowMs,
): EvaluationContext {
  const context = builder.context(nowMs);
  const homes = new Map(builder.subjects().map((subject) => [subject.id, subject.tenantId]));
  const members = new Set(builder.snapshotOf(tenantId).memberships.map((m) => m.subjectId));

  return {
    nowMs,
    subject: (subjectId) => {
      const home = homes.get(subjectId);
      const visible = home === null ? members.has(subjectId) : home === tenantId;
      return visible ? context.subject(subjectId) : undefined;
    },
    tenantOfScope: (scopeId) => {
      const index = context.tenantOfScope(scopeId);
      return index?.tenantId === tenantId ? index : undefined;
    },
  };
}
