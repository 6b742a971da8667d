import type { EvaluateRequest } from "../../src/evaluator/decision.js";
import type { Subject } from "../../src/model/entities.js";
import { seededRandom } from "../large-tenant.js";
import type { SubModel } from "./sub-model.js";

interface Question {
  action: string;
  resourceType: string;
  /** How often the check names a resource, out of 1. */
  withId: number;
  weight: number;
}

// Invoice reads always name an invoice, so the `inv_*_eu` pattern is exercised.
const questions: readonly Question[] = [
  { action: "read", resourceType: "customer", withId: 0.1, weight: 30 },
  { action: "write", resourceType: "customer", withId: 0.1, weight: 15 },
  { action: "delete", resourceType: "customer", withId: 0.1, weight: 15 },
  { action: "export", resourceType: "report", withId: 0.1, weight: 10 },
  { action: "read", resourceType: "report", withId: 0.1, weight: 10 },
  { action: "read", resourceType: "invoice", withId: 1, weight: 20 },
];
const totalWeight = questions.reduce((sum, question) => sum + question.weight, 0);

/** Shares of the sample, out of 1; the rest are ordinary checks. */
const share = { delegated: 0.02, atOverride: 0.15, anywhere: 0.2 };

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("picked from an empty list");
  return item;
}

function pickQuestion(random: () => number): Question {
  let left = random() * totalWeight;
  for (const question of questions) {
    left -= question.weight;
    if (left < 0) return question;
  }
  return pick(questions, random);
}

function resourceId(resourceType: string, n: number, random: () => number): string {
  if (resourceType !== "invoice") return `cust_${n}`;
  return random() < 0.5 ? `inv_${n}_eu` : `inv_${n}_us`;
}

/** Per scope holding overrides, the questions its overrides speak to. */
function overriddenQuestions(model: SubModel): Map<string, Question[]> {
  const permissions = new Map(model.snapshot.permissions.map((p) => [p.id, p]));
  const overrides = [
    ...model.snapshot.permissionOverrides,
    ...model.snapshot.rolePermissionOverrides,
  ];
  const byScope = new Map<string, Question[]>();
  for (const override of overrides) {
    const permission = permissions.get(override.permissionId);
    if (permission === undefined) continue;
    const { action, resourceType } = permission;
    const question = { action, resourceType, withId: 0.1, weight: 1 };
    byScope.set(override.childScopeId, [...(byScope.get(override.childScopeId) ?? []), question]);
  }
  return byScope;
}

/**
 * Checks for the peer comparison, the same on every run. Most are at or
 * below one of the subject's memberships, some at any scope of the
 * sub-model, some at a scope holding overrides and about what they
 * override, and a few made by an agent on behalf of a user.
 */
export function sampleChecks(model: SubModel, count: number, seed: number): EvaluateRequest[] {
  const random = seededRandom(seed);
  const scopeIds = model.snapshot.scopes.map((scope) => scope.id);
  const overridden = overriddenQuestions(model);
  const memberAt = new Map<string, string[]>();
  for (const membership of model.snapshot.memberships) {
    const scopes = memberAt.get(membership.subjectId) ?? [];
    scopes.push(membership.scopeId);
    memberAt.set(membership.subjectId, scopes);
  }
  const agents = model.subjects.filter((subject) => subject.subjectType === "agent");
  const users = model.subjects.filter((subject) => subject.subjectType === "user");
  const ref = (subject: Subject) => ({
    subjectId: subject.id,
    subjectType: subject.subjectType,
  });

  const checks: EvaluateRequest[] = [];
  for (let n = 0; n < count; n++) {
    const roll = random();
    const delegated = roll < share.delegated && agents.length > 0;
    const actor = pick(delegated ? agents : model.subjects, random);
    const below = model.subtree.get(pick(memberAt.get(actor.id) ?? scopeIds, random)) ?? [];
    const atOverride = below.filter((scopeId) => overridden.has(scopeId));

    let scopeId = pick(below, random);
    let question = pickQuestion(random);
    if (roll >= 1 - share.atOverride && atOverride.length > 0) {
      scopeId = pick(atOverride, random);
      question = pick(overridden.get(scopeId) ?? [question], random);
    } else if (random() < share.anywhere) {
      scopeId = pick(scopeIds, random);
    }

    const check: EvaluateRequest = {
      actor: ref(actor),
      scopeId,
      action: question.action,
      resource: { resourceType: question.resourceType },
    };
    if (delegated) check.onBehalfOf = ref(pick(users, random));
    if (random() < question.withId) {
      check.resource.resourceId = resourceId(question.resourceType, n, random);
    }
    checks.push(check);
  }
  return checks;
}
