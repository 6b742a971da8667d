import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuthorizationIndex } from "../src/evaluator/authorization-index.js";
import type {
  Decision,
  EvaluateRequest,
  Match,
  ReasonCode,
  SubjectDecision,
  SubjectRef,
} from "../src/evaluator/decision.js";
import { evaluate } from "../src/evaluator/evaluate.js";
import type { TenantSnapshot } from "../src/evaluator/tenant-snapshot.js";
import type { Subject } from "../src/model/entities.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { boundContext } from "./bound-context.js";
import { defaultNowMs } from "./model-builder.js";
import { modelWithChecks, type RandomModel } from "./random-model.js";

const models = 300;
const checksPerModel = 100;
/** Generous beside the ~1 s these take, for slow machines. */
const timeoutMs = 60_000;

/**
 * A literal reading of the evaluation contract: plain loops over the raw
 * records, no index, no early exits. Slow on purpose, easy to trust.
 */
class ReferenceEvaluator {
  constructor(
    private readonly snapshots: TenantSnapshot[],
    private readonly subjects: Subject[],
    private readonly nowMs: number,
  ) {}

  evaluate(request: EvaluateRequest): {
    reason: ReasonCode;
    revision: number;
    actor: Outcome;
    onBehalfOf?: Outcome;
  } {
    const revision = this.snapshotOf(request.scopeId)?.tenant.revision ?? 0;
    const actor = this.decide(request.actor, request);
    if (request.onBehalfOf === undefined) return { reason: actor.reason, revision, actor };

    const onBehalfOf = this.decide(request.onBehalfOf, request);
    let reason: ReasonCode = "allowed";
    if (actor.reason !== "allowed") reason = "actor_denied";
    else if (onBehalfOf.reason !== "allowed") reason = "on_behalf_of_denied";
    return { reason, revision, actor, onBehalfOf };
  }

  private decide(ref: SubjectRef, request: EvaluateRequest): Outcome {
    const subject = this.subjects.find((s) => s.id === ref.subjectId);
    if (subject === undefined) return { reason: "subject_not_found", matches: [] };
    if (subject.status !== "active") return { reason: "subject_inactive", matches: [] };
    if (subject.subjectType !== ref.subjectType) {
      return { reason: "subject_type_mismatch", matches: [] };
    }

    const snapshot = this.snapshotOf(request.scopeId);
    if (snapshot === undefined) return { reason: "scope_not_found", matches: [] };
    if (snapshot.tenant.status !== "active") return { reason: "tenant_inactive", matches: [] };

    const path = this.pathUp(snapshot, request.scopeId);
    const memberships = snapshot.memberships.filter(
      (m) => m.subjectId === ref.subjectId && path.includes(m.scopeId),
    );
    if (memberships.length === 0) return { reason: "no_membership", matches: [] };

    const pairs: Match[] = [];
    for (const membership of memberships) {
      for (const assignment of snapshot.roleAssignments) {
        if (assignment.membershipId !== membership.id) continue;
        if (assignment.expiresAt !== null && Date.parse(assignment.expiresAt) <= this.nowMs) {
          continue;
        }
        for (const grant of snapshot.grants) {
          if (grant.roleId !== assignment.roleId) continue;
          const permission = snapshot.permissions.find((p) => p.id === grant.permissionId);
          if (permission === undefined) continue;
          if (permission.action !== request.action && permission.action !== "*") continue;
          const wantedType = request.resource.resourceType;
          if (
            permission.resourceType !== wantedType &&
            permission.resourceType !== "*" &&
            wantedType !== "*"
          ) {
            continue;
          }
          const resourceId = request.resource.resourceId;
          if (resourceId === undefined) {
            if (wantedType !== "*" && permission.resourcePattern !== "*") continue;
          } else if (!globToRegExp(permission.resourcePattern).test(resourceId)) {
            continue;
          }
          pairs.push({
            membershipId: membership.id,
            roleId: assignment.roleId,
            permissionId: permission.id,
            permissionKey: permission.key,
          });
        }
      }
    }
    if (pairs.length === 0) return { reason: "no_matching_permission", matches: [] };

    const kept = pairs.filter((pair) => !this.disabled(snapshot, path, pair));
    if (kept.length === 0) return { reason: "disabled_by_override", matches: [] };
    return { reason: "allowed", matches: kept };
  }

  private disabled(snapshot: TenantSnapshot, path: string[], pair: Match): boolean {
    const permission = snapshot.permissions.find((p) => p.id === pair.permissionId);
    for (const level of path) {
      if (level === permission?.scopeId) return false;
      const forRole = snapshot.rolePermissionOverrides.find(
        (o) =>
          o.childScopeId === level &&
          o.roleId === pair.roleId &&
          o.permissionId === pair.permissionId,
      );
      if (forRole !== undefined) return forRole.state === "disabled";
      const forAll = snapshot.permissionOverrides.find(
        (o) => o.childScopeId === level && o.permissionId === pair.permissionId,
      );
      if (forAll !== undefined) return forAll.state === "disabled";
    }
    return false;
  }

  private snapshotOf(scopeId: string): TenantSnapshot | undefined {
    return this.snapshots.find((s) => s.scopes.some((scope) => scope.id === scopeId));
  }

  private pathUp(snapshot: TenantSnapshot, scopeId: string): string[] {
    const path: string[] = [];
    let current = snapshot.scopes.find((s) => s.id === scopeId);
    while (current !== undefined) {
      path.push(current.id);
      const parentId = current.parentScopeId;
      current = snapshot.scopes.find((s) => s.id === parentId);
    }
    return path;
  }
}

interface Outcome {
  reason: ReasonCode;
  /** Every (membership, role, permission) that allows, in no particular order. */
  matches: Match[];
}

function globToRegExp(pattern: string): RegExp {
  const literal = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${literal.join(".*")}$`, "s");
}

function sameMatch(a: Match | undefined, b: Match): boolean {
  return (
    a !== undefined &&
    a.membershipId === b.membershipId &&
    a.roleId === b.roleId &&
    a.permissionId === b.permissionId &&
    a.permissionKey === b.permissionKey
  );
}

/** Throws with the request and both answers when they differ. */
function assertAgrees(request: EvaluateRequest, actual: Decision, expected: ReferenceAnswer) {
  const problems: string[] = [];
  const compare = (what: string, got: SubjectDecision | Decision | undefined, want?: Outcome) => {
    if (want === undefined) {
      if (got !== undefined) problems.push(`${what}: present but not expected`);
      return;
    }
    if (got?.reason !== want.reason) problems.push(`${what}: ${got?.reason} != ${want.reason}`);
    if (want.reason === "allowed" && !want.matches.some((m) => sameMatch(got?.matched, m))) {
      problems.push(`${what}: matched ${JSON.stringify(got?.matched)} is not an allowing pair`);
    }
  };

  if (actual.reason !== expected.reason) {
    problems.push(`reason: ${actual.reason} != ${expected.reason}`);
  }
  if (actual.allowed !== (expected.reason === "allowed")) problems.push("allowed flag");
  if (actual.revision !== expected.revision) {
    problems.push(`revision: ${actual.revision} != ${expected.revision}`);
  }
  if (request.explain === true && actual.trace?.at(-1)?.step !== "result") {
    problems.push("explained decision's trace does not end with its result");
  }
  if (request.explain !== true && actual.trace !== undefined) problems.push("unasked-for trace");
  if (expected.onBehalfOf === undefined) {
    compare("decision", actual, expected.actor);
  } else {
    compare("actor", actual.actor, expected.actor);
    compare("onBehalfOf", actual.onBehalfOf, expected.onBehalfOf);
  }
  if (problems.length > 0) {
    throw new Error(
      `evaluator and reference disagree (${problems.join("; ")}) on ${JSON.stringify(request)}`,
    );
  }
}

type ReferenceAnswer = ReturnType<ReferenceEvaluator["evaluate"]>;

/** Throws when an allowed decision leans on anything outside the scope's tenant. */
function assertIsolated(model: RandomModel, request: EvaluateRequest, decision: Decision) {
  if (!decision.allowed) return;
  const tenantId = model.builder.tenantOf(request.scopeId);
  const snapshots = model.builder.snapshots();
  const home = model.builder.snapshotOf(tenantId);
  const path = ancestry(home, request.scopeId);
  const fail = (why: string) => {
    throw new Error(`${why} for ${JSON.stringify(request)} -> ${JSON.stringify(decision)}`);
  };

  const subjects: [SubjectRef, Match | undefined][] = [[request.actor, decision.matched]];
  if (request.onBehalfOf !== undefined) {
    subjects.push([request.actor, decision.actor?.matched]);
    subjects.push([request.onBehalfOf, decision.onBehalfOf?.matched]);
  }
  for (const [ref, matched] of subjects) {
    if (!home.memberships.some((m) => m.subjectId === ref.subjectId)) {
      fail(`allowed ${ref.subjectId} in ${tenantId} without a membership there`);
    }
    if (matched === undefined) return fail("allowed without a match");

    const membership = snapshots
      .flatMap((s) => s.memberships)
      .find((m) => m.id === matched.membershipId);
    if (membership?.tenantId !== tenantId) fail("matched membership of another tenant");
    if (membership?.subjectId !== ref.subjectId) fail("matched membership of another subject");
    if (!path.includes(membership?.scopeId ?? "")) fail("matched membership off the scope's path");
    const role = snapshots.flatMap((s) => s.roles).find((r) => r.id === matched.roleId);
    if (role?.tenantId !== tenantId) fail("matched role of another tenant");
    const permission = snapshots
      .flatMap((s) => s.permissions)
      .find((p) => p.id === matched.permissionId);
    if (permission?.tenantId !== tenantId) fail("matched permission of another tenant");
  }
}

function ancestry(snapshot: TenantSnapshot, scopeId: string): string[] {
  const parents = new Map(snapshot.scopes.map((s) => [s.id, s.parentScopeId]));
  const path: string[] = [];
  for (let at: string | null | undefined = scopeId; at != null; at = parents.get(at)) {
    path.push(at);
  }
  return path;
}

describe("evaluate over random multi-tenant models", () => {
  it(
    "never allows a subject in a tenant where it has no membership, nor through another tenant's records",
    () => {
      const reasons = new Map<ReasonCode, number>();
      let checks = 0;

      fc.assert(
        fc.property(modelWithChecks(checksPerModel), ({ model, checks: requests }) => {
          const context = model.builder.context(defaultNowMs);
          for (const request of requests) {
            const decision = evaluate(request, context);
            assertIsolated(model, request, decision);
            reasons.set(decision.reason, (reasons.get(decision.reason) ?? 0) + 1);
            checks++;
          }
        }),
        { numRuns: models },
      );

      expect(checks).toBeGreaterThanOrEqual(10_000);
      expect(reasons.get("allowed") ?? 0).toBeGreaterThan(checks / 20);
    },
    timeoutMs,
  );

  it(
    "answers every check as the naive reference reading of the contract does",
    () => {
      const reasons = new Map<ReasonCode, number>();
      let checks = 0;

      fc.assert(
        fc.property(modelWithChecks(checksPerModel), ({ model, checks: requests }) => {
          const context = model.builder.context(defaultNowMs);
          const snapshots = model.builder.snapshots();
          const reference = new ReferenceEvaluator(
            snapshots,
            model.builder.subjects(),
            defaultNowMs,
          );
          for (const request of requests) {
            const decision = evaluate(request, context);
            const expected = reference.evaluate(request);
            assertAgrees(request, decision, expected);
            for (const outcome of [expected.actor, expected.onBehalfOf]) {
              if (outcome !== undefined)
                reasons.set(outcome.reason, (reasons.get(outcome.reason) ?? 0) + 1);
            }
            checks++;
          }
        }),
        { numRuns: models },
      );

      expect(checks).toBeGreaterThanOrEqual(10_000);
      // Every way a subject can be decided must have been exercised, or the property proves little.
      for (const reason of [
        "allowed",
        "subject_not_found",
        "subject_inactive",
        "subject_type_mismatch",
        "scope_not_found",
        "tenant_inactive",
        "no_membership",
        "no_matching_permission",
        "disabled_by_override",
      ] as const) {
        expect(reasons.get(reason) ?? 0, reason).toBeGreaterThan(0);
      }
    },
    timeoutMs,
  );

  it(
    "answers through a store-backed index as directly, and a tenant-bound caller sees only its tenant and its subjects",
    async () => {
      let checks = 0;

      await fc.assert(
        fc.asyncProperty(
          modelWithChecks(checksPerModel),
          fc.noBias(fc.nat()),
          async ({ model, checks: requests }, boundRoll) => {
            const store = new MemoryStore();
            await store.transaction((tx) => model.builder.insertInto(tx));
            const index = new AuthorizationIndex(store, () => defaultNowMs);
            await index.init();
            const tenants = model.builder.snapshots().map((s) => s.tenant.id);
            const boundTo = tenants[boundRoll % tenants.length] ?? null;
            if (boundTo === null) throw new Error("random model without tenants");
            const context = model.builder.context(defaultNowMs);
            const asBound = boundContext(model.builder, boundTo);

            const platform = await index.evaluateMany(requests);
            const bound = await index.evaluateMany(requests, { tenantId: boundTo });

            requests.forEach((request, n) => {
              const direct = evaluate(request, context);
              expect(platform[n]).toEqual(direct);
              expect(bound[n]).toEqual(evaluate(request, asBound));
              const inBoundTenant =
                model.builder.hasScope(request.scopeId) &&
                model.builder.tenantOf(request.scopeId) === boundTo;
              if (!inBoundTenant) expect(bound[n]).toMatchObject({ allowed: false, revision: 0 });
              checks++;
            });
          },
        ),
        { numRuns: models },
      );

      expect(checks).toBeGreaterThanOrEqual(10_000);
    },
    timeoutMs,
  );
});
