import fc from "fast-check";
import type { EvaluateRequest, SubjectRef } from "../src/evaluator/decision.js";
import type { OverrideState, SubjectType } from "../src/model/entities.js";
import { defaultNowMs, ModelBuilder, type PermissionSpec } from "./model-builder.js";

const hourMs = 60 * 60 * 1000;

/** Expiries around the evaluation clock; `null` is twice as likely as each instant. */
const expiries = [
  null,
  null,
  new Date(defaultNowMs - hourMs).toISOString(),
  new Date(defaultNowMs).toISOString(),
  new Date(defaultNowMs + hourMs).toISOString(),
] as const;

const permissionActions = ["read", "write", "delete", "*"] as const;
const permissionResourceTypes = ["customer", "invoice", "*"] as const;
const resourcePatterns = ["*", "*", "cust_*", "*_eu", "cust_1", "a*b*c", "cust_*_eu"] as const;

/** Mostly what permissions name, sometimes what none does. */
const requestActions = ["read", "read", "write", "delete", "*", "export"] as const;
const requestResourceTypes = ["customer", "customer", "invoice", "*", "report"] as const;
const resourceIds = [undefined, undefined, undefined, "cust_1", "cust_2_eu", "acct_eu", "a1b2c"];

/** A scope id that no model holds. */
export const unknownScopeId = "scope_project_nowhere";

/** A subject id that no model holds. */
export const unknownSubjectId = "subject_nobody";

/** An index into a list not known yet; uniform, so no position is favoured. */
const index = fc.noBias(fc.nat());

const oneIn = (n: number) => fc.noBias(fc.nat({ max: n - 1 })).map((roll) => roll === 0);

const tenantShape = fc.record({
  suspended: oneIn(10),
  revision: fc.nat({ max: 1_000 }),
  /** Per workspace, per project, the number of environments. */
  workspaces: fc.array(fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 2,
  }),
  roles: fc.array(index, { minLength: 1, maxLength: 4 }),
  permissions: fc.array(
    fc.record({
      scope: index,
      action: fc.constantFrom(...permissionActions),
      resourceType: fc.constantFrom(...permissionResourceTypes),
      resourcePattern: fc.constantFrom(...resourcePatterns),
    }),
    { minLength: 2, maxLength: 8 },
  ),
  grants: fc.array(fc.record({ role: index, permission: index }), {
    minLength: 2,
    maxLength: 20,
  }),
  overrides: fc.array(
    fc.record({
      permission: index,
      scope: index,
      role: fc.option(index, { nil: undefined, freq: 2 }),
      state: fc.constantFrom<OverrideState>("enabled", "disabled"),
    }),
    { maxLength: 8 },
  ),
});

const subjectShape = fc.record({
  subjectType: fc.constantFrom<SubjectType>("user", "user", "agent"),
  disabled: oneIn(12),
  memberships: fc.array(
    fc.record({
      tenant: index,
      scope: index,
      assignments: fc.array(fc.record({ role: index, expiresAt: fc.constantFrom(...expiries) }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

const subjectPick = fc.record({
  index,
  unknown: oneIn(40),
  /** Pick among the scopes this subject's memberships reach, when it has any. */
  reachable: fc.boolean(),
  wrongType: oneIn(20),
});

const checkShape = fc.record({
  actor: subjectPick,
  onBehalfOf: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    { arbitrary: subjectPick, weight: 1 },
  ),
  scope: index,
  /** Ask about one of the permissions the actor's roles hold, when it holds any. */
  aimed: fc.option(index, { nil: undefined, freq: 3 }),
  action: fc.constantFrom(...requestActions),
  resourceType: fc.constantFrom(...requestResourceTypes),
  resourceId: fc.constantFrom(...resourceIds),
  explain: oneIn(4),
});

type TenantShape = typeof tenantShape extends fc.Arbitrary<infer T> ? T : never;
type SubjectShape = typeof subjectShape extends fc.Arbitrary<infer T> ? T : never;
type SubjectPick = typeof subjectPick extends fc.Arbitrary<infer T> ? T : never;
type CheckShape = typeof checkShape extends fc.Arbitrary<infer T> ? T : never;

/** A random but valid model, with what is needed to aim checks at it. */
export interface RandomModel {
  builder: ModelBuilder;
  subjects: { id: string; subjectType: SubjectType }[];
  /** Every scope of every tenant. */
  scopeIds: string[];
  /** Per subject, the scopes where one of its memberships applies. */
  reachable: Map<string, string[]>;
  /** Per subject, what its roles are granted and where, ignoring expiry and overrides. */
  holdings: Map<string, Holding[]>;
}

/** A permission a subject's role is granted, and the scopes its membership reaches. */
export interface Holding {
  permission: PermissionSpec;
  scopeIds: string[];
}

/** One tenant's scopes with their ancestry, built while the tenant is added. */
interface TenantTree {
  id: string;
  scopeIds: string[];
  /** scope → itself and its ancestors. */
  ancestry: Map<string, string[]>;
  roles: { id: string; scopeId: string }[];
}

function pick<T>(items: readonly T[], roll: number): T | undefined {
  return items.length === 0 ? undefined : items[roll % items.length];
}

function isAtOrBelow(tree: TenantTree, scopeId: string, ancestorId: string): boolean {
  return tree.ancestry.get(scopeId)?.includes(ancestorId) ?? false;
}

/**
 * 1, 10, 100, …: sibling ids where each is a prefix of the next, so ancestry
 * read from ids rather than parent links would show.
 */
function nth(n: number): string {
  return `1${"0".repeat(n)}`;
}

function addTenant(builder: ModelBuilder, shape: TenantShape, t: number): TenantTree {
  const id = `tenant_t${nth(t)}`;
  const root = builder.tenant(id, {
    status: shape.suspended ? "suspended" : "active",
    revision: shape.revision,
  });
  const tree: TenantTree = { id, scopeIds: [root], ancestry: new Map([[root, [root]]]), roles: [] };
  const addScope = (scopeId: string, parentId: string) => {
    tree.scopeIds.push(scopeId);
    tree.ancestry.set(scopeId, [scopeId, ...(tree.ancestry.get(parentId) ?? [])]);
  };

  shape.workspaces.forEach((projects, w) => {
    const workspace = builder.workspace(`workspace_t${nth(t)}_w${nth(w)}`, root);
    addScope(workspace, root);
    projects.forEach((environmentCount, p) => {
      const project = builder.project(`project_t${nth(t)}_w${nth(w)}_p${nth(p)}`, workspace);
      addScope(project, workspace);
      for (let e = 0; e < environmentCount; e++) {
        addScope(
          builder.environment(`env_t${nth(t)}_w${nth(w)}_p${nth(p)}_e${nth(e)}`, project),
          project,
        );
      }
    });
  });

  shape.roles.forEach((scopeRoll, r) => {
    const scopeId = pick(tree.scopeIds, scopeRoll) ?? root;
    tree.roles.push({ id: builder.role(`role_t${t}_r${r}`, scopeId), scopeId });
  });

  const permissions: { id: string; scopeId: string }[] = [];
  const keys = new Set<string>();
  shape.permissions.forEach((spec, n) => {
    const scopeId = pick(tree.scopeIds, spec.scope) ?? root;
    const key = `${scopeId} ${spec.resourceType}:${spec.action}:${spec.resourcePattern}`;
    if (keys.has(key)) return;
    keys.add(key);
    permissions.push({ id: builder.permission(`perm_t${t}_p${n}`, scopeId, spec), scopeId });
  });

  // A grant needs the permission at the role's scope or above it.
  const granted = new Set<string>();
  for (const grant of shape.grants) {
    const role = pick(tree.roles, grant.role);
    if (role === undefined) continue;
    const fitting = permissions.filter((p) => isAtOrBelow(tree, role.scopeId, p.scopeId));
    const permission = pick(fitting, grant.permission);
    if (permission === undefined || granted.has(`${role.id} ${permission.id}`)) continue;
    granted.add(`${role.id} ${permission.id}`);
    builder.grant(role.id, permission.id);
  }

  // An override's scope must lie strictly below its permission's scope.
  const targets = new Set<string>();
  for (const override of shape.overrides) {
    const permission = pick(permissions, override.permission);
    if (permission === undefined) continue;
    const below = tree.scopeIds.filter(
      (s) => s !== permission.scopeId && isAtOrBelow(tree, s, permission.scopeId),
    );
    const scopeId = pick(below, override.scope);
    if (scopeId === undefined) continue;
    const holders = tree.roles.filter((r) => granted.has(`${r.id} ${permission.id}`));
    const role =
      override.role === undefined
        ? undefined
        : (pick(holders, override.role) ?? pick(tree.roles, override.role));
    const target = `${scopeId} ${role?.id ?? "*"} ${permission.id}`;
    if (targets.has(target)) continue;
    targets.add(target);
    if (role === undefined) builder.permissionOverride(scopeId, permission.id, override.state);
    else builder.rolePermissionOverride(scopeId, role.id, permission.id, override.state);
  }
  return tree;
}

function addSubject(
  builder: ModelBuilder,
  trees: TenantTree[],
  shape: SubjectShape,
  s: number,
): { id: string; subjectType: SubjectType; reachable: string[] } {
  const firstTenant = pick(trees, shape.memberships[0]?.tenant ?? 0);
  // An agent has a home tenant and may only be a member there; a user may be in several.
  const home = shape.subjectType === "agent" ? firstTenant : undefined;
  const id = builder.subject(`subject_s${s}`, {
    subjectType: shape.subjectType,
    status: shape.disabled ? "disabled" : "active",
    ...(home === undefined ? {} : { tenantId: home.id }),
  });

  const reachable = new Set<string>();
  const memberAt = new Set<string>();
  shape.memberships.forEach((membership, m) => {
    const tree = home ?? pick(trees, membership.tenant);
    const scopeId = tree === undefined ? undefined : pick(tree.scopeIds, membership.scope);
    if (tree === undefined || scopeId === undefined || memberAt.has(scopeId)) return;
    memberAt.add(scopeId);
    const membershipId = builder.membership(`membership_s${s}_m${m}`, id, scopeId);
    for (const below of tree.scopeIds) {
      if (isAtOrBelow(tree, below, scopeId)) reachable.add(below);
    }

    // A role can be assigned at its own scope or below it.
    const assignable = tree.roles.filter((r) => isAtOrBelow(tree, scopeId, r.scopeId));
    const assigned = new Set<string>();
    for (const assignment of membership.assignments) {
      const role = pick(assignable, assignment.role);
      if (role === undefined || assigned.has(role.id)) continue;
      assigned.add(role.id);
      builder.assign(role.id, membershipId, assignment.expiresAt);
    }
  });
  return { id, subjectType: shape.subjectType, reachable: [...reachable] };
}

/** Random valid models of three or four tenants and up to eight subjects. */
export const randomModel: fc.Arbitrary<RandomModel> = fc
  .record({
    tenants: fc.array(tenantShape, { minLength: 3, maxLength: 4 }),
    subjects: fc.array(subjectShape, { minLength: 2, maxLength: 8 }),
  })
  .map((shape) => {
    const builder = new ModelBuilder();
    const trees = shape.tenants.map((tenant, t) => addTenant(builder, tenant, t));
    const subjects = shape.subjects.map((subject, s) => addSubject(builder, trees, subject, s));
    return {
      builder,
      subjects: subjects.map(({ id, subjectType }) => ({ id, subjectType })),
      scopeIds: trees.flatMap((tree) => tree.scopeIds),
      reachable: new Map(subjects.map((subject) => [subject.id, subject.reachable])),
      holdings: holdingsOf(builder, trees),
    };
  });

function holdingsOf(builder: ModelBuilder, trees: TenantTree[]): Map<string, Holding[]> {
  const holdings = new Map<string, Holding[]>();
  for (const tree of trees) {
    const snapshot = builder.snapshotOf(tree.id);
    for (const membership of snapshot.memberships) {
      const scopeIds = tree.scopeIds.filter((s) => isAtOrBelow(tree, s, membership.scopeId));
      const list = holdings.get(membership.subjectId) ?? [];
      holdings.set(membership.subjectId, list);
      for (const assignment of snapshot.roleAssignments) {
        if (assignment.membershipId !== membership.id) continue;
        for (const grant of snapshot.grants) {
          if (grant.roleId !== assignment.roleId) continue;
          const permission = snapshot.permissions.find((p) => p.id === grant.permissionId);
          if (permission !== undefined) list.push({ permission, scopeIds });
        }
      }
    }
  }
  return holdings;
}

/** An id the pattern accepts (none for `*`, which needs none). */
function idMatching(pattern: string): string | undefined {
  return pattern === "*" ? undefined : pattern.replaceAll("*", "x");
}

function subjectRef(model: RandomModel, shape: SubjectPick): SubjectRef {
  const subject = shape.unknown ? undefined : pick(model.subjects, shape.index);
  if (subject === undefined) return { subjectId: unknownSubjectId, subjectType: "user" };
  const otherType = subject.subjectType === "user" ? "agent" : "user";
  return { subjectId: subject.id, subjectType: shape.wrongType ? otherType : subject.subjectType };
}

function checkFor(model: RandomModel, shape: CheckShape): EvaluateRequest {
  const actor = subjectRef(model, shape.actor);
  const reachable = model.reachable.get(actor.subjectId) ?? [];
  const scopes =
    shape.actor.reachable && reachable.length > 0 ? reachable : [...model.scopeIds, unknownScopeId];
  const holdings = model.holdings.get(actor.subjectId) ?? [];
  const holding = shape.aimed === undefined ? undefined : pick(holdings, shape.aimed);
  const target = holding?.permission;
  const request: EvaluateRequest = {
    actor,
    scopeId: pick(holding?.scopeIds ?? scopes, shape.scope) ?? unknownScopeId,
    action: shape.action,
    resource: { resourceType: shape.resourceType },
  };
  if (target !== undefined) {
    // Keep the random side where the permission accepts anything, so wildcards meet names.
    if (target.action !== "*") request.action = target.action;
    if (target.resourceType !== "*") request.resource.resourceType = target.resourceType;
    const resourceId = idMatching(target.resourcePattern ?? "*") ?? shape.resourceId;
    if (resourceId !== undefined) request.resource.resourceId = resourceId;
  } else if (shape.resourceId !== undefined) {
    request.resource.resourceId = shape.resourceId;
  }
  if (shape.explain) request.explain = true;
  if (shape.onBehalfOf !== undefined) {
    request.onBehalfOf = subjectRef(model, shape.onBehalfOf);
  }
  return request;
}

/** A random model with `count` checks aimed at it, most at scopes the actor can reach. */
export function modelWithChecks(
  count: number,
): fc.Arbitrary<{ model: RandomModel; checks: EvaluateRequest[] }> {
  return fc
    .tuple(randomModel, fc.array(checkShape, { minLength: count, maxLength: count }))
    .map(([model, shapes]) => ({ model, checks: shapes.map((shape) => checkFor(model, shape)) }));
}

/** What a lookup asks about: an action on a resource type, perhaps one resource. */
export interface LookupQuestion {
  action: string;
  resourceType: string;
  resourceId?: string;
}

/** Questions in the same vocabulary as the checks, so wildcards and patterns meet. */
export const lookupQuestion: fc.Arbitrary<LookupQuestion> = fc
  .record({
    action: fc.constantFrom(...requestActions),
    resourceType: fc.constantFrom(...requestResourceTypes),
    resourceId: fc.constantFrom(...resourceIds),
  })
  .map(({ resourceId, ...question }) =>
    resourceId === undefined ? question : { ...question, resourceId },
  );
