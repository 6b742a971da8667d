import { type Adapter, type Enforcer, type Model, newEnforcer, newModelFromString } from "casbin";
import type { EvaluateRequest } from "../../src/evaluator/decision.js";
import type { Coverage } from "./coverage.js";
import type { OverrideLevel } from "./override-levels.js";
import type { SubModel } from "./sub-model.js";

/**
 * RBAC with domains, where a domain is a scope. `g` says a subject holds a
 * role at a scope, and a role a permission there; allow lines name
 * permissions, deny lines name a role at one scope. casbin tries every line
 * on every call, so permissions with the same key share one line, and cheap
 * string tests come before `g()`.
 *
 * `globMatch` is minimatch: its `*` stops at `/`, skips a leading `.`, and
 * `? [ ] { }` are special. `keyMatch` would be wrong outright: it compares
 * only up to the first `*`, so `inv_*_eu` would match `inv_1_us`.
 */
export const casbinModelText = `
[request_definition]
r = sub, dom, type, id, act

[policy_definition]
p = sub, dom, type, pattern, act, eft

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = (p.act == r.act || p.act == "*") \\
  && (p.dom == "*" || p.dom == r.dom) \\
  && (p.type == r.type || p.type == "*" || r.type == "*") \\
  && g(r.sub, p.sub, r.dom) \\
  && (p.pattern == "*" || (r.id == "" && r.type == "*") \\
    || (r.id != "" && globMatch(r.id, p.pattern)))
`;

/** Which of Bedrock's rules the casbin model carries; printed beside its figures. */
export const casbinCoverage: Coverage = {
  expressed: [
    "a membership applies at its scope and below: one g row per scope beneath it",
    "role grants: g rows from role to permission, one allow line per permission key",
    "action `*`, resource type `*` on either side, only `*` patterns without a resource id",
    "resource patterns with globMatch (same answers for ids without `/` or a leading `.`)",
    "subject type, as part of the subject's name",
    "a disabled pair: a deny line at each scope the override reaches",
  ],
  atLoad: [
    "which override decides: the nearest level, role-permission first (places the deny lines)",
    "assignment expiry and subject status: a grant expiring later holds until the next load",
    "tenant status: an inactive tenant loads no g rows",
  ],
  missing: [
    "an override drops one role-permission pair; a deny line ends the whole request",
    "delegation (both subjects allowed): two enforce calls in the application",
    "reason codes, matched grant and trace: enforce answers true or false",
  ],
};

/** The subject as casbin names it: its type is part of the name, so a wrong type finds no role. */
export function casbinSubject(subjectType: string, subjectId: string): string {
  return `${subjectType}:${subjectId}`;
}

/** The policy rows a loader would read from storage. */
export interface CasbinRows {
  grouping: string[][];
  policies: string[][];
}

function holderRows(model: SubModel, nowMs: number): string[][] {
  const { snapshot } = model;
  if (snapshot.tenant.status !== "active") return [];

  const subjects = new Map(model.subjects.map((subject) => [subject.id, subject]));
  const memberships = new Map(snapshot.memberships.map((m) => [m.id, m]));
  const rows: string[][] = [];
  for (const assignment of snapshot.roleAssignments) {
    // Expiry and status are read once, here: casbin has no clock and no subject state.
    if (assignment.expiresAt !== null && Date.parse(assignment.expiresAt) <= nowMs) continue;
    const membership = memberships.get(assignment.membershipId);
    const subject = subjects.get(membership?.subjectId ?? "");
    if (membership === undefined || subject === undefined || subject.status !== "active") continue;

    const name = casbinSubject(subject.subjectType, subject.id);
    for (const scopeId of model.subtree.get(membership.scopeId) ?? []) {
      rows.push([name, assignment.roleId, scopeId]);
    }
  }
  return rows;
}

function denyRows(model: SubModel, levels: readonly OverrideLevel[]): string[][] {
  const byPair = new Map<string, OverrideLevel[]>();
  for (const level of levels) {
    const key = `${level.roleId} ${level.permission.id}`;
    byPair.set(key, [...(byPair.get(key) ?? []), level]);
  }

  const rows = new Map<string, string[]>();
  for (const pairLevels of byPair.values()) {
    const states = new Map(pairLevels.map((level) => [level.scopeId, level.state]));
    for (const { roleId, permission, scopeId } of pairLevels) {
      for (const below of model.subtree.get(scopeId) ?? []) {
        // The nearest level on the way up decides, as in Bedrock.
        const path = model.pathUp.get(below) ?? [];
        const state = path.map((at) => states.get(at)).find((found) => found !== undefined);
        if (state !== "disabled") continue;
        const { resourceType, resourcePattern, action } = permission;
        const row = [roleId, below, resourceType, resourcePattern, action, "deny"];
        rows.set(row.join("\n"), row);
      }
    }
  }
  return [...rows.values()];
}

/** The name of a permission in casbin: its key, which is the same wherever it is defined. */
function permissionName(key: string): string {
  return `perm:${key}`;
}

function grantRows(model: SubModel): { links: string[][]; allow: string[][] } {
  const roles = new Map(model.snapshot.roles.map((role) => [role.id, role]));
  const permissions = new Map(model.snapshot.permissions.map((p) => [p.id, p]));
  const links: string[][] = [];
  const allow = new Map<string, string[]>();
  for (const grant of model.snapshot.grants) {
    const role = roles.get(grant.roleId);
    const p = permissions.get(grant.permissionId);
    if (role === undefined || p === undefined) continue;

    const name = permissionName(p.key);
    allow.set(name, [name, "*", p.resourceType, p.resourcePattern, p.action, "allow"]);
    // A role is only ever held at its scope or below, so its grants need no other domain.
    for (const scopeId of model.subtree.get(role.scopeId) ?? []) {
      links.push([role.id, name, scopeId]);
    }
  }
  return { links, allow: [...allow.values()] };
}

/**
 * Translates the sub-model into casbin rows. Subjects hold roles and roles
 * hold permissions through `g`, both expanded to every scope below where
 * they are defined; one allow line per distinct permission key, and one
 * deny line per role and scope where an override leaves a pair disabled.
 */
export function casbinRows(
  model: SubModel,
  levels: readonly OverrideLevel[],
  nowMs: number,
): CasbinRows {
  const { links, allow } = grantRows(model);
  return {
    grouping: [...holderRows(model, nowMs), ...links],
    policies: [...allow, ...denyRows(model, levels)],
  };
}

/**
 * Hands rows to the model as a storage adapter would, without the CSV
 * parsing: `addPolicies` checks each row against every earlier one, which
 * is quadratic at this size.
 */
class RowAdapter implements Adapter {
  constructor(private readonly rows: CasbinRows) {}

  async loadPolicy(model: Model): Promise<void> {
    const grouping = model.model.get("g")?.get("g")?.policy;
    const policies = model.model.get("p")?.get("p")?.policy;
    for (const row of this.rows.grouping) grouping?.push(row);
    for (const row of this.rows.policies) policies?.push(row);
  }

  async savePolicy(): Promise<boolean> {
    return false;
  }

  async addPolicy(): Promise<void> {}

  async removePolicy(): Promise<void> {}

  async removeFilteredPolicy(): Promise<void> {}
}

/** Builds the enforcer: parses the model, loads the rows, builds the role links. */
export function loadCasbin(rows: CasbinRows): Promise<Enforcer> {
  return newEnforcer(newModelFromString(casbinModelText), new RowAdapter(rows));
}

/** The casbin request for a check. */
export function casbinRequest(check: EvaluateRequest): string[] {
  const { actor, scopeId, action, resource } = check;
  const id = resource.resourceId ?? "";
  return [
    casbinSubject(actor.subjectType, actor.subjectId),
    scopeId,
    resource.resourceType,
    id,
    action,
  ];
}
