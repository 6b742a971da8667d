import type { EvaluateRequest } from "../src/evaluator/decision.js";
import type { TenantSnapshot } from "../src/evaluator/tenant-snapshot.js";
import type { OverrideState, ScopeKind, Subject, SubjectType } from "../src/model/entities.js";

/** The shape of the benchmark's tenant. */
export const shape = {
  workspaces: 10,
  projectsPerWorkspace: 100,
  environmentsPerProject: 9,
  users: 3_000,
  agents: 200,
  /** Users who are also auditors at the tenant's root. */
  auditors: 300,
} as const;

const stamps = { createdAt: "2025-01-01T00:00:00.000Z", updatedAt: "2025-01-01T00:00:00.000Z" };
const tenantId = "tenant_bench";
const rootScope = "scope_tenant_bench";

/** A small, seeded generator, so every run builds the same tenant. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The built tenant, and what is needed to aim requests at it. */
export interface LargeTenant {
  snapshot: TenantSnapshot;
  subjects: Subject[];
  /** Per subject, the scopes its memberships are at. */
  memberAt: Map<string, string[]>;
  /** Per scope, its children. */
  children: Map<string, string[]>;
  /** The subject with the most memberships, for scope lookups. */
  powerUser: string;
  /** An environment with many candidate subjects above it. */
  busyEnvironment: string;
}

function emptySnapshot(): TenantSnapshot {
  return {
    tenant: {
      id: tenantId,
      name: "Bench",
      slug: "bench",
      kind: "standard",
      planKey: null,
      maxUsers: null,
      externalId: null,
      status: "active",
      scopeId: rootScope,
      revision: 1,
      ...stamps,
    },
    scopes: [],
    memberships: [],
    roles: [],
    permissions: [],
    grants: [],
    roleAssignments: [],
    permissionOverrides: [],
    rolePermissionOverrides: [],
  };
}

/** Records added one call at a time, with ids numbered in order. */
class TenantWriter {
  readonly snapshot = emptySnapshot();
  readonly subjects: Subject[] = [];
  readonly memberAt = new Map<string, string[]>();
  readonly children = new Map<string, string[]>();
  private sequence = 0;

  scope(kind: ScopeKind, word: string, suffix: string, parentScopeId: string | null): string {
    const id = `scope_${word}_${suffix}`;
    const entityPrefix = kind === "environment" ? "env" : kind;
    const entityId = `${entityPrefix}_${suffix}`;
    this.snapshot.scopes.push({ id, tenantId, kind, entityId, parentScopeId, ...stamps });
    if (parentScopeId !== null) {
      const siblings = this.children.get(parentScopeId) ?? [];
      siblings.push(id);
      this.children.set(parentScopeId, siblings);
    }
    return id;
  }

  permission(id: string, scopeId: string, action: string, resourceType: string, pattern = "*") {
    const key = `${resourceType}:${action}:${pattern}`;
    this.snapshot.permissions.push({
      id,
      tenantId,
      scopeId,
      action,
      resourceType,
      resourcePattern: pattern,
      key,
      description: null,
      ...stamps,
    });
    return id;
  }

  role(id: string, scopeId: string, name: string, permissionIds: string[]): string {
    this.snapshot.roles.push({ id, tenantId, scopeId, name, description: null, ...stamps });
    for (const permissionId of permissionIds) {
      const grant = { id: this.next("grant"), tenantId, roleId: id, permissionId, ...stamps };
      this.snapshot.grants.push(grant);
    }
    return id;
  }

  override(scopeId: string, permissionId: string, state: OverrideState, roleId?: string) {
    const base = { id: this.next("ovr"), tenantId, childScopeId: scopeId, permissionId, state };
    if (roleId === undefined) this.snapshot.permissionOverrides.push({ ...base, ...stamps });
    else this.snapshot.rolePermissionOverrides.push({ ...base, roleId, ...stamps });
  }

  subject(id: string, subjectType: SubjectType, home: string | null): string {
    this.subjects.push({
      id,
      subjectType,
      externalId: id,
      displayName: null,
      meta: {},
      status: "active",
      tenantId: home,
      ...stamps,
    });
    return id;
  }

  member(subjectId: string, scopeId: string, roleId: string, expiresAt: string | null = null) {
    const id = this.next("membership");
    this.snapshot.memberships.push({ id, subjectId, scopeId, tenantId, ...stamps });
    const assignment = { id: this.next("ra"), tenantId, roleId, membershipId: id, expiresAt };
    this.snapshot.roleAssignments.push({ ...assignment, ...stamps });
    const scopes = this.memberAt.get(subjectId) ?? [];
    scopes.push(scopeId);
    this.memberAt.set(subjectId, scopes);
  }

  private next(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_${String(this.sequence).padStart(7, "0")}`;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

interface ProjectRoles {
  scopeId: string;
  production: string;
  environments: string[];
  roles: string[];
}

function addStructure(writer: TenantWriter) {
  writer.scope("tenant", "tenant", "bench", null);
  const readReports = writer.permission("perm_root_read_report", rootScope, "read", "report");
  const readCustomers = writer.permission("perm_root_read_customer", rootScope, "read", "customer");
  const auditor = writer.role("role_auditor", rootScope, "Auditor", [readReports, readCustomers]);

  const leads: { scopeId: string; role: string }[] = [];
  const projects: ProjectRoles[] = [];
  for (let w = 0; w < shape.workspaces; w++) {
    const ws = `w${pad(w, 2)}`;
    const wsScope = writer.scope("workspace", "workspace", ws, rootScope);
    const wsRead = writer.permission(`perm_${ws}_read`, wsScope, "read", "customer");
    const wsDelete = writer.permission(`perm_${ws}_delete`, wsScope, "delete", "customer");
    leads.push({
      scopeId: wsScope,
      role: writer.role(`role_${ws}_lead`, wsScope, "Lead", [wsRead, wsDelete]),
    });

    for (let p = 0; p < shape.projectsPerWorkspace; p++) {
      const suffix = `${ws}_p${pad(p, 3)}`;
      const scopeId = writer.scope("project", "project", suffix, wsScope);
      const read = writer.permission(`perm_${suffix}_read`, scopeId, "read", "customer");
      const write = writer.permission(`perm_${suffix}_write`, scopeId, "write", "customer");
      const del = writer.permission(`perm_${suffix}_delete`, scopeId, "delete", "customer");
      const exp = writer.permission(`perm_${suffix}_export`, scopeId, "export", "report");
      const eu = writer.permission(
        `perm_${suffix}_read_eu`,
        scopeId,
        "read",
        "invoice",
        "inv_*_eu",
      );
      const viewer = writer.role(`role_${suffix}_viewer`, scopeId, "Viewer", [read]);
      const editor = writer.role(`role_${suffix}_editor`, scopeId, "Editor", [read, write, eu]);
      const admin = writer.role(`role_${suffix}_admin`, scopeId, "Admin", [
        read,
        write,
        del,
        exp,
        eu,
      ]);

      const environments: string[] = [];
      for (let e = 0; e < shape.environmentsPerProject; e++) {
        environments.push(writer.scope("environment", "env", `${suffix}_e${e}`, scopeId));
      }
      // Production disables delete, enables it again for Admin, and stops the Lead's delete.
      const production = environments[0] ?? scopeId;
      writer.override(production, del, "disabled");
      writer.override(production, del, "enabled", admin);
      writer.override(production, wsDelete, "disabled");
      projects.push({ scopeId, production, environments, roles: [viewer, editor, admin] });
    }
  }
  return { auditor, leads, projects };
}

function pickFrom<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("picked from an empty list");
  return item;
}

/**
 * 10 workspaces × 100 projects × 9 environments (10,011 scopes), about
 * 5,000 permissions, 3,000 roles, 3,000 overrides, 3,200 subjects and 6,500
 * memberships, the same on every run.
 */
export function buildLargeTenant(): LargeTenant {
  const random = seededRandom(20_250_601);
  const writer = new TenantWriter();
  const { auditor, leads, projects } = addStructure(writer);
  const expired = "2025-01-01T00:00:00.000Z";

  for (let u = 0; u < shape.users; u++) {
    const subjectId = writer.subject(`subject_u${pad(u, 4)}`, "user", null);
    const memberships = 1 + Math.floor(random() * 3);
    const used = new Set<string>();
    for (let m = 0; m < memberships; m++) {
      const project = pickFrom(projects, random);
      const role = pickFrom(project.roles, random);
      // A quarter of memberships sit at an environment, with the project's role.
      const scopeId = random() < 0.25 ? pickFrom(project.environments, random) : project.scopeId;
      if (used.has(scopeId)) continue;
      used.add(scopeId);
      writer.member(subjectId, scopeId, role, random() < 0.1 ? expired : null);
    }
    if (u % 100 === 0) {
      const lead = pickFrom(leads, random);
      if (!used.has(lead.scopeId)) writer.member(subjectId, lead.scopeId, lead.role);
    }
    if (u < shape.auditors) writer.member(subjectId, rootScope, auditor);
  }

  for (let a = 0; a < shape.agents; a++) {
    const subjectId = writer.subject(`subject_a${pad(a, 3)}`, "agent", tenantId);
    const project = pickFrom(projects, random);
    writer.member(subjectId, pickFrom(project.environments, random), project.roles[0] ?? "");
  }

  const powerUser = writer.subject("subject_power", "user", null);
  for (const lead of leads.slice(0, 3)) writer.member(powerUser, lead.scopeId, lead.role);
  for (const project of projects
    .slice(300)
    .filter((_, n) => n % 4 === 0)
    .slice(0, 150)) {
    writer.member(powerUser, project.scopeId, project.roles[1] ?? "");
  }

  const busy = projects[0];
  if (busy === undefined) throw new Error("the benchmark tenant has no project");
  return {
    snapshot: writer.snapshot,
    subjects: writer.subjects,
    memberAt: writer.memberAt,
    children: writer.children,
    powerUser,
    busyEnvironment: busy.production,
  };
}

const actions = ["read", "read", "write", "delete", "export"] as const;

function scopesBelow(tenant: LargeTenant, scopeId: string): string[] {
  return [scopeId, ...(tenant.children.get(scopeId) ?? [])];
}

/**
 * Requests as a service sends them: most at a scope where the subject holds a
 * membership (or just below), the rest anywhere; read most often.
 */
export function requestMix(tenant: LargeTenant, count: number, seed: number): EvaluateRequest[] {
  const random = seededRandom(seed);
  const scopeIds = tenant.snapshot.scopes.map((scope) => scope.id);
  const requests: EvaluateRequest[] = [];
  for (let n = 0; n < count; n++) {
    const subject = pickFrom(tenant.subjects, random);
    const memberAt = tenant.memberAt.get(subject.id) ?? [];
    const aimed = memberAt.length > 0 && random() < 0.7;
    const scopeId = aimed
      ? pickFrom(scopesBelow(tenant, pickFrom(memberAt, random)), random)
      : pickFrom(scopeIds, random);
    const action = pickFrom(actions, random);
    const resourceType = action === "export" ? "report" : "customer";
    const request: EvaluateRequest = {
      actor: { subjectId: subject.id, subjectType: subject.subjectType },
      scopeId,
      action,
      resource: { resourceType },
    };
    if (random() < 0.1) request.resource.resourceId = `cust_${n}`;
    requests.push(request);
  }
  return requests;
}
