import type { EntityJson, EntityUidJson } from "@cedar-policy/cedar-wasm/nodejs";
import type { EvaluateRequest } from "../../src/evaluator/decision.js";
import type { Permission } from "../../src/model/entities.js";
import type { Coverage } from "./coverage.js";
import type { OverrideLevel } from "./override-levels.js";
import type { SubModel } from "./sub-model.js";

/*
 * Entities: `Scope` with its parent scope as parent; `User` and `Agent`
 * principals whose parents are the `RoleAtScope::"<role>@<scope>"` groups
 * of their memberships, with a tag per group holding the assignment's expiry
 * in epoch milliseconds; one `Resource` per check, inside the checked scope,
 * carrying `type` and, when the check names one, `id`.
 *
 * Policies: one `permit` per group covering the role's permissions, limited to
 * `resource in Scope::"<membership scope>"`, so Cedar's own hierarchy makes a
 * membership apply below its scope. One `forbid` per group and scope where an
 * override leaves the pair disabled, `unless` the resource sits below a level
 * that enables it again. A `forbid` ends the whole request, though, where
 * Bedrock drops only that role-permission pair.
 */

/** Which of Bedrock's rules the Cedar model carries; printed beside its figures. */
export const cedarCoverage: Coverage = {
  expressed: [
    "a membership applies at its scope and below: `resource in Scope`, no expansion",
    "role grants: one permit per role held at a scope, naming all the role's permissions",
    "action `*`, resource type `*` on either side, only `*` patterns without a resource id",
    "resource patterns with `like`, where only `*` is special, as in Bedrock",
    "assignment expiry at any time: a tag on the principal compared with context.now",
    "subject status (a forbid) and subject type (the entity type)",
    "a disabled pair: a forbid at the override's scope, `unless` re-enabled below",
  ],
  atLoad: [
    "role-permission override before permission override at one level (which pairs get a forbid)",
    "tenant status: a tenant-wide forbid while the tenant is not active",
    "the entity slice of each check (principal, resource, scope chain), prepared in advance",
  ],
  missing: [
    "an override drops one role-permission pair; a forbid ends the whole request",
    "delegation (both subjects allowed): two calls in the application",
    "reason codes, matched grant and trace: Cedar names the deciding policies only",
  ],
};

/** The translated model: policies by id and entity slices to assemble per check. */
export interface CedarModel {
  policies: Record<string, string>;
  /** Per principal, `<entity type> <subject id>`, its entity. */
  principals: Map<string, EntityJson>;
  /** Per scope, the entities of it and its ancestors. */
  scopeChains: Map<string, EntityJson[]>;
}

const literal = (value: string) => JSON.stringify(value);
const group = (roleId: string, scopeId: string) => `${roleId}@${scopeId}`;

function principalType(subjectType: string): string {
  return subjectType === "agent" ? "Agent" : "User";
}

const principalKey = (type: string, id: string) => `${type} ${id}`;

const unexpired = (groupId: string) =>
  `(!principal.hasTag(${literal(groupId)}) || principal.getTag(${literal(groupId)}) > context.now)`;

// Cedar's `like` treats only `*` as special, as Bedrock's patterns do; a
// backslash or quote needs escaping in the literal, which JSON's rules cover.
function resourceTests(permission: Permission): string[] {
  const tests: string[] = [];
  if (permission.resourceType !== "*") {
    const type = literal(permission.resourceType);
    tests.push(`(resource.type == ${type} || resource.type == "*")`);
  }
  if (permission.resourcePattern !== "*") {
    const pattern = literal(permission.resourcePattern);
    tests.push(`(if resource has id then resource.id like ${pattern} else resource.type == "*")`);
  }
  return tests;
}

function actionHead(actions: string[]): string {
  if (actions.includes("*")) return "action";
  const uids = actions.map((action) => `Action::${literal(action)}`);
  return uids.length === 1 ? `action == ${uids[0]}` : `action in [${uids.join(", ")}]`;
}

function head(groupId: string, actions: string[], scopeId: string): string {
  const principal = `principal in RoleAtScope::${literal(groupId)}`;
  return `(${principal}, ${actionHead(actions)}, resource in Scope::${literal(scopeId)})`;
}

/** One permit for a role held at a scope, covering every permission of the role. */
function permit(groupId: string, scopeId: string, granted: Permission[]): string {
  const actions = [...new Set(granted.map((p) => p.action))];
  const alternatives = granted.map((p) => {
    // The head already names the action when the role has only one.
    const named = actions.length > 1 && p.action !== "*";
    const tests = [
      ...(named ? [`action == Action::${literal(p.action)}`] : []),
      ...resourceTests(p),
    ];
    return tests.length === 0 ? "true" : tests.join(" && ");
  });
  const any = alternatives.includes("true") ? [] : [`(${alternatives.join(" || ")})`];
  const when = [unexpired(groupId), ...any].join(" && ");
  return `permit ${head(groupId, actions, scopeId)} when { ${when} };`;
}

function groupsOf(model: SubModel): Map<string, string[]> {
  const memberships = new Map(model.snapshot.memberships.map((m) => [m.id, m]));
  const scopesByRole = new Map<string, Set<string>>();
  for (const assignment of model.snapshot.roleAssignments) {
    const scopeId = memberships.get(assignment.membershipId)?.scopeId;
    if (scopeId === undefined) continue;
    const scopes = scopesByRole.get(assignment.roleId) ?? new Set();
    scopes.add(scopeId);
    scopesByRole.set(assignment.roleId, scopes);
  }
  return new Map([...scopesByRole].map(([roleId, scopes]) => [roleId, [...scopes]]));
}

function permits(model: SubModel, groups: Map<string, string[]>): string[] {
  const permissions = new Map(model.snapshot.permissions.map((p) => [p.id, p]));
  const grantedBy = new Map<string, Permission[]>();
  for (const grant of model.snapshot.grants) {
    const permission = permissions.get(grant.permissionId);
    if (permission === undefined) continue;
    grantedBy.set(grant.roleId, [...(grantedBy.get(grant.roleId) ?? []), permission]);
  }

  const policies: string[] = [];
  for (const [roleId, scopes] of groups) {
    const granted = grantedBy.get(roleId) ?? [];
    if (granted.length === 0) continue;
    for (const scopeId of scopes) policies.push(permit(group(roleId, scopeId), scopeId, granted));
  }
  return policies;
}

function forbids(
  model: SubModel,
  groups: Map<string, string[]>,
  levels: readonly OverrideLevel[],
): string[] {
  const policies: string[] = [];
  for (const level of levels) {
    if (level.state !== "disabled") continue;
    const { roleId, permission, scopeId } = level;
    const below = new Set(model.subtree.get(scopeId) ?? []);
    const reenabled = levels.filter(
      (other) =>
        other.state === "enabled" &&
        other.roleId === roleId &&
        other.permission.id === permission.id &&
        other.scopeId !== scopeId &&
        below.has(other.scopeId),
    );
    const unless = reenabled.map((other) => `resource in Scope::${literal(other.scopeId)}`);
    const unlessClause = unless.length === 0 ? "" : ` unless { ${unless.join(" || ")} }`;

    // Holders above the level lose the pair below it; holders below, below themselves.
    const above = new Set(model.pathUp.get(scopeId) ?? []);
    for (const holderScope of groups.get(roleId) ?? []) {
      if (!above.has(holderScope) && !below.has(holderScope)) continue;
      const groupId = group(roleId, holderScope);
      const where = below.has(holderScope) ? holderScope : scopeId;
      const when = [unexpired(groupId), ...resourceTests(permission)].join(" && ");
      const forbid = `forbid ${head(groupId, [permission.action], where)}`;
      policies.push(`${forbid} when { ${when} }${unlessClause};`);
    }
  }
  return policies;
}

/** The later of two expiries, where null is one that never comes. */
function later(before: number | null | undefined, next: number | null): number | null {
  if (before === undefined) return next;
  if (before === null || next === null) return null;
  return Math.max(before, next);
}

function principals(model: SubModel): Map<string, EntityJson> {
  const memberships = new Map(model.snapshot.memberships.map((m) => [m.id, m]));
  const groupsBySubject = new Map<string, Map<string, number | null>>();
  for (const assignment of model.snapshot.roleAssignments) {
    const membership = memberships.get(assignment.membershipId);
    if (membership === undefined) continue;

    const groupId = group(assignment.roleId, membership.scopeId);
    const held = groupsBySubject.get(membership.subjectId) ?? new Map<string, number | null>();
    const expiresAt = assignment.expiresAt === null ? null : Date.parse(assignment.expiresAt);
    held.set(groupId, later(held.get(groupId), expiresAt));
    groupsBySubject.set(membership.subjectId, held);
  }

  const entities = new Map<string, EntityJson>();
  for (const subject of model.subjects) {
    const held = groupsBySubject.get(subject.id) ?? new Map<string, number | null>();
    const tags: Record<string, number> = {};
    for (const [groupId, expiresAt] of held) if (expiresAt !== null) tags[groupId] = expiresAt;
    const type = principalType(subject.subjectType);
    entities.set(principalKey(type, subject.id), {
      uid: { type, id: subject.id },
      attrs: { status: subject.status },
      parents: [...held.keys()].map((id) => ({ type: "RoleAtScope", id })),
      tags,
    });
  }
  return entities;
}

function scopeChains(model: SubModel): Map<string, EntityJson[]> {
  const parents = new Map(model.snapshot.scopes.map((scope) => [scope.id, scope.parentScopeId]));
  const entityOf = (id: string): EntityJson => {
    const parentId = parents.get(id);
    const parentsOf = parentId == null ? [] : [{ type: "Scope", id: parentId }];
    return { uid: { type: "Scope", id }, attrs: {}, parents: parentsOf };
  };
  const chains = new Map<string, EntityJson[]>();
  for (const [scopeId, path] of model.pathUp) chains.set(scopeId, path.map(entityOf));
  return chains;
}

/** Translates the sub-model into Cedar policies and entities. */
export function cedarModel(model: SubModel, levels: readonly OverrideLevel[]): CedarModel {
  const groups = groupsOf(model);
  const texts = [
    `forbid (principal, action, resource) when { principal has status && principal.status != "active" };`,
    ...permits(model, groups),
    ...forbids(model, groups, levels),
  ];
  if (model.snapshot.tenant.status !== "active") {
    const root = literal(model.snapshot.tenant.scopeId);
    texts.push(`forbid (principal, action, resource in Scope::${root});`);
  }
  return {
    policies: Object.fromEntries(texts.map((text, n) => [`policy${n}`, text])),
    principals: principals(model),
    scopeChains: scopeChains(model),
  };
}

/** What one Cedar call needs for a check: request parts and the entity slice. */
export interface CedarRequest {
  principal: EntityUidJson;
  action: EntityUidJson;
  resource: EntityUidJson;
  context: { now: number };
  entities: EntityJson[];
}

/**
 * Assembles the Cedar request for a check from the prepared entities: the
 * principal, the resource and the scope chain above it, as an application
 * would fetch them before asking Cedar.
 */
export function cedarRequest(
  model: CedarModel,
  check: EvaluateRequest,
  nowMs: number,
): CedarRequest {
  const { actor, resource, scopeId } = check;
  const principal = { type: principalType(actor.subjectType), id: actor.subjectId };
  const resourceUid = { type: "Resource", id: "checked" };
  const attrs: Record<string, string> = { type: resource.resourceType };
  if (resource.resourceId !== undefined) attrs.id = resource.resourceId;
  const entities: EntityJson[] = [
    { uid: resourceUid, attrs, parents: [{ type: "Scope", id: scopeId }] },
    ...(model.scopeChains.get(scopeId) ?? []),
  ];
  // A subject asked about under the wrong type has no entity, so no group.
  const known = model.principals.get(principalKey(principal.type, principal.id));
  if (known !== undefined) entities.push(known);
  return {
    principal,
    action: { type: "Action", id: check.action },
    resource: resourceUid,
    context: { now: nowMs },
    entities,
  };
}
