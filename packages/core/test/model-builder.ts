import type { EvaluationContext, SubjectEntry } from "../src/evaluator/evaluate.js";
import { compileTenantIndex, type TenantIndex } from "../src/evaluator/tenant-index.js";
import type { TenantSnapshot } from "../src/evaluator/tenant-snapshot.js";
import type {
  OverrideState,
  ScopeKind,
  Subject,
  SubjectStatus,
  SubjectType,
  TenantStatus,
} from "../src/model/entities.js";
import { scopeIdFor } from "../src/model/ids.js";
import type { StoreWriter } from "../src/store/store.js";

/** The instant every built record claims to have been written at. */
export const builtAt = "2025-01-01T00:00:00.000Z";

/** The clock tests evaluate against unless they say otherwise. */
export const defaultNowMs = Date.parse("2025-06-01T12:00:00.000Z");

const stamps = { createdAt: builtAt, updatedAt: builtAt };

/** What a permission grants; the pattern defaults to `*`. */
export interface PermissionSpec {
  action: string;
  resourceType: string;
  resourcePattern?: string;
}

/**
 * Builds tenant models with readable ids for evaluator tests. It records what
 * it is told without validating references, so a test can describe any shape;
 * only an unknown parent or scope throws, since that is a mistake in the test.
 *
 * @example
 * const model = new ModelBuilder();
 * const crm = model.project("project_crm", model.workspace("workspace_main", model.tenant("tenant_acme")));
 * const context = model.context();
 */
export class ModelBuilder {
  private readonly snapshotsById = new Map<string, TenantSnapshot>();
  private readonly scopeTenant = new Map<string, string>();
  private readonly subjectsById = new Map<string, Subject>();
  private sequence = 0;

  /** Adds a tenant and its root scope; answers the scope id. */
  tenant(id: string, options: { status?: TenantStatus; revision?: number } = {}): string {
    const scopeId = scopeIdFor("tenant", id);
    this.snapshotsById.set(id, {
      tenant: {
        id,
        name: id,
        slug: id.replaceAll("_", "-"),
        kind: "standard",
        planKey: null,
        maxUsers: null,
        externalId: null,
        status: options.status ?? "active",
        scopeId,
        revision: options.revision ?? 1,
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
    });
    this.addScope(id, "tenant", scopeId, id, null);
    return scopeId;
  }

  /** Adds a workspace under a scope; answers its scope id. */
  workspace(id: string, parentScopeId: string): string {
    return this.child("workspace", id, parentScopeId);
  }

  /** Adds a project under a scope; answers its scope id. */
  project(id: string, parentScopeId: string): string {
    return this.child("project", id, parentScopeId);
  }

  /** Adds an environment under a scope; answers its scope id. */
  environment(id: string, parentScopeId: string): string {
    return this.child("environment", id, parentScopeId);
  }

  /** Adds a subject, an active user unless told otherwise; answers its id. */
  subject(
    id: string,
    options: { subjectType?: SubjectType; status?: SubjectStatus; tenantId?: string } = {},
  ): string {
    this.subjectsById.set(id, {
      id,
      subjectType: options.subjectType ?? "user",
      externalId: null,
      displayName: null,
      meta: {},
      status: options.status ?? "active",
      tenantId: options.tenantId ?? null,
      ...stamps,
    });
    return id;
  }

  /** Places a subject at a scope; answers the membership id. */
  membership(id: string, subjectId: string, scopeId: string): string {
    const tenantId = this.tenantOf(scopeId);
    this.snapshotOf(tenantId).memberships.push({ id, subjectId, scopeId, tenantId, ...stamps });
    return id;
  }

  /** Defines a role at a scope; answers its id. */
  role(id: string, scopeId: string, name: string = id): string {
    const tenantId = this.tenantOf(scopeId);
    this.snapshotOf(tenantId).roles.push({
      id,
      tenantId,
      scopeId,
      name,
      description: null,
      ...stamps,
    });
    return id;
  }

  /** Defines a permission at a scope; answers its id. */
  permission(id: string, scopeId: string, spec: PermissionSpec): string {
    const tenantId = this.tenantOf(scopeId);
    const resourcePattern = spec.resourcePattern ?? "*";
    this.snapshotOf(tenantId).permissions.push({
      id,
      tenantId,
      scopeId,
      action: spec.action,
      resourceType: spec.resourceType,
      resourcePattern,
      key: `${spec.resourceType}:${spec.action}:${resourcePattern}`,
      description: null,
      ...stamps,
    });
    return id;
  }

  /** Gives a role a permission; answers the grant id. */
  grant(roleId: string, permissionId: string): string {
    const snapshot = this.snapshotHolding("roles", roleId);
    const id = this.nextId("grant");
    snapshot.grants.push({ id, tenantId: snapshot.tenant.id, roleId, permissionId, ...stamps });
    return id;
  }

  /** Assigns a role through a membership, until `expiresAt` when given; answers its id. */
  assign(roleId: string, membershipId: string, expiresAt: string | null = null): string {
    const snapshot = this.snapshotHolding("memberships", membershipId);
    const id = this.nextId("ra");
    snapshot.roleAssignments.push({
      id,
      tenantId: snapshot.tenant.id,
      roleId,
      membershipId,
      expiresAt,
      ...stamps,
    });
    return id;
  }

  /** Enables or disables a permission for every role at a scope; answers its id. */
  permissionOverride(scopeId: string, permissionId: string, state: OverrideState): string {
    const tenantId = this.tenantOf(scopeId);
    const id = this.nextId("ovr");
    this.snapshotOf(tenantId).permissionOverrides.push({
      id,
      tenantId,
      childScopeId: scopeId,
      permissionId,
      state,
      ...stamps,
    });
    return id;
  }

  /** Enables or disables one role's permission at a scope; answers its id. */
  rolePermissionOverride(
    scopeId: string,
    roleId: string,
    permissionId: string,
    state: OverrideState,
  ): string {
    const tenantId = this.tenantOf(scopeId);
    const id = this.nextId("ovr");
    this.snapshotOf(tenantId).rolePermissionOverrides.push({
      id,
      tenantId,
      childScopeId: scopeId,
      roleId,
      permissionId,
      state,
      ...stamps,
    });
    return id;
  }

  /** The tenant owning a scope; throws when the scope was never added. */
  tenantOf(scopeId: string): string {
    const tenantId = this.scopeTenant.get(scopeId);
    if (tenantId === undefined) throw new Error(`model has no scope ${scopeId}; add it first`);
    return tenantId;
  }

  /** Whether the scope was added. */
  hasScope(scopeId: string): boolean {
    return this.scopeTenant.has(scopeId);
  }

  /** One tenant's records as the store would hold them. */
  snapshotOf(tenantId: string): TenantSnapshot {
    const snapshot = this.snapshotsById.get(tenantId);
    if (snapshot === undefined) throw new Error(`model has no tenant ${tenantId}; add it first`);
    return snapshot;
  }

  /** Every tenant's records, in the order the tenants were added. */
  snapshots(): TenantSnapshot[] {
    return [...this.snapshotsById.values()];
  }

  /** Every subject, in the order they were added. */
  subjects(): Subject[] {
    return [...this.subjectsById.values()];
  }

  /** Compiles every tenant and answers a context evaluating at `nowMs`. */
  context(nowMs: number = defaultNowMs): EvaluationContext {
    const indexes = new Map<string, TenantIndex>();
    for (const [tenantId, snapshot] of this.snapshotsById) {
      indexes.set(tenantId, compileTenantIndex(structuredClone(snapshot)));
    }
    const subjects = new Map<string, SubjectEntry>();
    for (const subject of this.subjectsById.values()) {
      subjects.set(subject.id, { subjectType: subject.subjectType, status: subject.status });
    }
    const scopeTenant = new Map(this.scopeTenant);

    return {
      nowMs,
      subject: (subjectId) => subjects.get(subjectId),
      tenantOfScope: (scopeId) => {
        const tenantId = scopeTenant.get(scopeId);
        return tenantId === undefined ? undefined : indexes.get(tenantId);
      },
    };
  }

  /** Writes every record into a store transaction, parents before children. */
  async insertInto(tx: StoreWriter): Promise<void> {
    for (const subject of this.subjectsById.values()) await tx.insert("subjects", subject);
    for (const snapshot of this.snapshotsById.values()) {
      await tx.insert("tenants", snapshot.tenant);
      for (const row of snapshot.scopes) await tx.insert("scopes", row);
      for (const row of snapshot.memberships) await tx.insert("memberships", row);
      for (const row of snapshot.roles) await tx.insert("roles", row);
      for (const row of snapshot.permissions) await tx.insert("permissions", row);
      for (const row of snapshot.grants) await tx.insert("grants", row);
      for (const row of snapshot.roleAssignments) await tx.insert("roleAssignments", row);
      for (const row of snapshot.permissionOverrides) await tx.insert("permissionOverrides", row);
      for (const row of snapshot.rolePermissionOverrides) {
        await tx.insert("rolePermissionOverrides", row);
      }
    }
  }

  private child(kind: Exclude<ScopeKind, "tenant">, id: string, parentScopeId: string): string {
    const tenantId = this.tenantOf(parentScopeId);
    const scopeId = scopeIdFor(kind, id);
    this.addScope(tenantId, kind, scopeId, id, parentScopeId);
    return scopeId;
  }

  private addScope(
    tenantId: string,
    kind: ScopeKind,
    scopeId: string,
    entityId: string,
    parentScopeId: string | null,
  ): void {
    if (this.scopeTenant.has(scopeId)) throw new Error(`model already has scope ${scopeId}`);
    this.snapshotOf(tenantId).scopes.push({
      id: scopeId,
      tenantId,
      kind,
      entityId,
      parentScopeId,
      ...stamps,
    });
    this.scopeTenant.set(scopeId, tenantId);
  }

  private snapshotHolding(table: "roles" | "memberships", id: string): TenantSnapshot {
    for (const snapshot of this.snapshotsById.values()) {
      if (snapshot[table].some((row) => row.id === id)) return snapshot;
    }
    throw new Error(`model has no ${table} row ${id}; add it first`);
  }

  /** Padded, so the ids sort in the order the records were added, as a store lists them. */
  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_${String(this.sequence).padStart(5, "0")}`;
  }
}
