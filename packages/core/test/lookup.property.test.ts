import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuthorizationIndex, type Visibility } from "../src/evaluator/authorization-index.js";
import type { SubjectRef } from "../src/evaluator/decision.js";
import type { EffectivePermission } from "../src/evaluator/effective-permissions.js";
import { type EvaluationContext, evaluate } from "../src/evaluator/evaluate.js";
import { decodeLookupCursor, type LookupPage } from "../src/evaluator/lookup-page.js";
import type { ScopeMatch } from "../src/evaluator/scope-lookup.js";
import type { SubjectMatch } from "../src/evaluator/subject-lookup.js";
import type { TenantSnapshot } from "../src/evaluator/tenant-snapshot.js";
import type { ScopeKind } from "../src/model/entities.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { boundContext } from "./bound-context.js";
import { defaultNowMs } from "./model-builder.js";
import {
  type LookupQuestion,
  lookupQuestion,
  type RandomModel,
  randomModel,
  unknownSubjectId,
} from "./random-model.js";

const models = 200;
/** Generous beside the ~2 s these take, for slow machines. */
const timeoutMs = 60_000;
const kinds: readonly ScopeKind[] = ["tenant", "workspace", "project", "environment"];

/** A random model in a store-backed index, questions to ask it, and a page size. */
const scenario = fc.record({
  model: randomModel,
  questions: fc.array(lookupQuestion, { minLength: 2, maxLength: 3 }),
  limit: fc.integer({ min: 1, max: 4 }),
  boundRoll: fc.noBias(fc.nat()),
});

async function indexOf(model: RandomModel): Promise<AuthorizationIndex> {
  const store = new MemoryStore();
  await store.transaction((tx) => model.builder.insertInto(tx));
  const index = new AuthorizationIndex(store, () => defaultNowMs);
  await index.init();
  return index;
}

/**
 * Follows cursors to the end. Every page but the last must be full, so a
 * short page can never hide that more items exist.
 */
async function everyPage<T>(
  limit: number,
  fetch: (after: string | undefined) => Promise<LookupPage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await fetch(after);
    items.push(...page.data);
    if (page.nextCursor === null) return items;
    expect(page.data).toHaveLength(limit);
    after = decodeLookupCursor(page.nextCursor, "cursor");
  }
  throw new Error("a lookup kept answering cursors");
}

function resourceOf(question: LookupQuestion) {
  const { resourceType, resourceId } = question;
  return resourceId === undefined ? { resourceType } : { resourceType, resourceId };
}

/** What one evaluate per scope of the kind answers, in id order. */
function scopesByEvaluate(
  context: EvaluationContext,
  snapshot: TenantSnapshot,
  subject: SubjectRef,
  kind: ScopeKind,
  question: LookupQuestion,
): ScopeMatch[] {
  const candidates = snapshot.scopes.filter((scope) => scope.kind === kind);
  candidates.sort((a, b) => (a.id < b.id ? -1 : 1));
  return candidates.flatMap((scope) => {
    const request = {
      actor: subject,
      scopeId: scope.id,
      action: question.action,
      resource: resourceOf(question),
    };
    const { matched } = evaluate(request, context);
    if (matched === undefined) return [];
    const { id: scopeId, entityId, parentScopeId } = scope;
    return [{ scopeId, kind, entityId, parentScopeId, matched }];
  });
}

/** What one evaluate per subject, named with its own type, answers, in id order. */
function subjectsByEvaluate(
  context: EvaluationContext,
  model: RandomModel,
  scopeId: string,
  question: LookupQuestion,
): SubjectMatch[] {
  const subjects = [...model.subjects].sort((a, b) => (a.id < b.id ? -1 : 1));
  return subjects.flatMap(({ id: subjectId, subjectType }) => {
    const actor = { subjectId, subjectType };
    const request = { actor, scopeId, action: question.action, resource: resourceOf(question) };
    const { matched } = evaluate(request, context);
    return matched === undefined ? [] : [{ subjectId, subjectType, matched }];
  });
}

/**
 * A literal reading of "effective permissions": plain loops over the raw
 * records, keeping each role-permission pair that no override on the way up
 * disables. Answers permission id → sorted "roleId membershipId" sources.
 */
function referencePermissions(
  snapshot: TenantSnapshot,
  subjectId: string,
  scopeId: string,
): Map<string, string[]> {
  const parents = new Map(snapshot.scopes.map((s) => [s.id, s.parentScopeId]));
  const path: string[] = [];
  for (let at: string | null | undefined = scopeId; at != null; at = parents.get(at)) {
    path.push(at);
  }
  const disabled = (roleId: string, permissionId: string, permissionScopeId: string) => {
    for (const level of path) {
      if (level === permissionScopeId) return false;
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
  };

  const held = new Map<string, string[]>();
  for (const membership of snapshot.memberships) {
    if (membership.subjectId !== subjectId || !path.includes(membership.scopeId)) continue;
    for (const assignment of snapshot.roleAssignments) {
      if (assignment.membershipId !== membership.id) continue;
      if (assignment.expiresAt !== null && Date.parse(assignment.expiresAt) <= defaultNowMs) {
        continue;
      }
      for (const grant of snapshot.grants) {
        if (grant.roleId !== assignment.roleId) continue;
        const permission = snapshot.permissions.find((p) => p.id === grant.permissionId);
        if (permission === undefined) continue;
        if (disabled(grant.roleId, permission.id, permission.scopeId)) continue;
        const sources = held.get(permission.id) ?? [];
        sources.push(`${grant.roleId} ${membership.id}`);
        held.set(permission.id, sources);
      }
    }
  }
  for (const sources of held.values()) sources.sort();
  return held;
}

function asSources(permissions: EffectivePermission[]): Map<string, string[]> {
  return new Map(
    permissions.map((p) => [p.id, p.roles.map((r) => `${r.roleId} ${r.membershipId}`).sort()]),
  );
}

function subjectRefs(model: RandomModel): SubjectRef[] {
  const refs: SubjectRef[] = model.subjects.map((s) => ({
    subjectId: s.id,
    subjectType: s.subjectType,
  }));
  const first = model.subjects[0];
  if (first !== undefined) {
    const otherType = first.subjectType === "user" ? "agent" : "user";
    refs.push({ subjectId: first.id, subjectType: otherType });
  }
  refs.push({ subjectId: unknownSubjectId, subjectType: "user" });
  return refs;
}

describe("lookups over random multi-tenant models", () => {
  it(
    "list, scope for scope, what one evaluate per scope of the kind allows",
    async () => {
      let listed = 0;

      await fc.assert(
        fc.asyncProperty(scenario, async ({ model, questions, limit, boundRoll }) => {
          const index = await indexOf(model);
          const snapshots = model.builder.snapshots();
          const bound = snapshots[boundRoll % snapshots.length]?.tenant.id ?? "";
          const views: [Visibility, EvaluationContext][] = [
            [{}, model.builder.context(defaultNowMs)],
            [{ tenantId: bound }, boundContext(model.builder, bound)],
          ];

          for (const [visibility, context] of views) {
            for (const snapshot of snapshots) {
              const tenantId = snapshot.tenant.id;
              const hidden = visibility.tenantId != null && visibility.tenantId !== tenantId;
              for (const subject of subjectRefs(model)) {
                for (const kind of kinds) {
                  for (const question of questions) {
                    const lookup = { subject, tenantId, kind, ...question, limit };
                    const actual = await everyPage(limit, (after) =>
                      index.lookupScopes({ ...lookup, after }, visibility),
                    );
                    const expected = hidden
                      ? []
                      : scopesByEvaluate(context, snapshot, subject, kind, question);
                    expect(actual).toEqual(expected);
                    listed += actual.length;
                  }
                }
              }
            }
          }
        }),
        { numRuns: models },
      );

      expect(listed).toBeGreaterThan(models);
    },
    timeoutMs,
  );

  it(
    "list, subject for subject, what one evaluate per subject allows",
    async () => {
      let listed = 0;

      await fc.assert(
        fc.asyncProperty(scenario, async ({ model, questions, limit, boundRoll }) => {
          const index = await indexOf(model);
          const snapshots = model.builder.snapshots();
          const bound = snapshots[boundRoll % snapshots.length]?.tenant.id ?? "";
          const views: [Visibility, EvaluationContext][] = [
            [{}, model.builder.context(defaultNowMs)],
            [{ tenantId: bound }, boundContext(model.builder, bound)],
          ];

          for (const [visibility, context] of views) {
            for (const scopeId of model.scopeIds) {
              for (const question of questions) {
                const lookup = { scopeId, ...question, limit };
                const actual = await everyPage(limit, (after) =>
                  index.lookupSubjects({ ...lookup, after }, visibility),
                );
                expect(actual).toEqual(subjectsByEvaluate(context, model, scopeId, question));
                listed += actual.length;
              }
            }
          }
        }),
        { numRuns: models },
      );

      expect(listed).toBeGreaterThan(models);
    },
    timeoutMs,
  );

  it(
    "list the permissions the literal reading grants, and every pair an evaluate allows through",
    async () => {
      let listed = 0;

      await fc.assert(
        fc.asyncProperty(scenario, async ({ model, questions, limit }) => {
          const index = await indexOf(model);
          const context = model.builder.context(defaultNowMs);
          const subjects = new Map(model.builder.subjects().map((s) => [s.id, s]));

          for (const { id: subjectId, subjectType } of model.subjects) {
            for (const scopeId of model.scopeIds) {
              const snapshot = model.builder.snapshotOf(model.builder.tenantOf(scopeId));
              const actual = await everyPage(limit, (after) =>
                index.effectivePermissions({ subjectId, scopeId, limit, after }),
              );
              const active =
                subjects.get(subjectId)?.status === "active" && snapshot.tenant.status === "active";
              const expected = active
                ? referencePermissions(snapshot, subjectId, scopeId)
                : new Map();
              expect(asSources(actual)).toEqual(expected);
              listed += actual.length;

              for (const question of questions) {
                const actor = { subjectId, subjectType };
                const resource = resourceOf(question);
                const request = { actor, scopeId, action: question.action, resource };
                const { matched } = evaluate(request, context);
                if (matched === undefined) continue;
                const carried = actual.find((p) => p.id === matched.permissionId)?.roles;
                expect(carried).toContainEqual(
                  expect.objectContaining({
                    roleId: matched.roleId,
                    membershipId: matched.membershipId,
                  }),
                );
              }
            }
          }
        }),
        { numRuns: models },
      );

      expect(listed).toBeGreaterThan(models);
    },
    timeoutMs,
  );
});
