import type { Scope, Subject } from "../model/entities.js";
import type { ChangeSet } from "../store/change-set.js";
import type { Store } from "../store/store.js";
import type { Decision, EvaluateRequest } from "./decision.js";
import { type EvaluationContext, evaluate, type SubjectEntry } from "./evaluate.js";
import { compileTenantIndex, type TenantIndex } from "./tenant-index.js";
import { loadTenantSnapshot } from "./tenant-loader.js";

/** Limits what a caller may see; a tenant-bound key sees one tenant. */
export interface Visibility {
  tenantId?: string | null;
}

/**
 * Every tenant's compiled model, kept in memory and refreshed from the store
 * when a tenant's revision moves. Evaluation reads only this, never the store,
 * except for the single load that follows a write to a tenant.
 */
export class AuthorizationIndex {
  private readonly subjects = new Map<string, SubjectEntry>();
  private readonly scopeTenants = new Map<string, string>();
  private readonly tenants = new Map<string, TenantIndex>();
  private readonly stale = new Map<string, number>();
  private readonly loading = new Map<string, Promise<void>>();
  private generation = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Loads the directory of subjects and scopes; call once before use. */
  async init(): Promise<void> {
    await this.store.read(async (reader) => {
      for (const subject of await reader.find("subjects", {})) this.putSubject(subject);
      for (const scope of await reader.find("scopes", {})) this.putScope(scope);
      for (const tenant of await reader.find("tenants", {})) this.markStale(tenant.id);
    });
  }

  /** Follows a committed transaction's changes. */
  apply(changes: ChangeSet): void {
    for (const change of changes.changes) {
      if (change.table === "subjects") {
        const after = change.after as Subject | undefined;
        if (after !== undefined) this.putSubject(after);
        else this.subjects.delete((change.before as Subject).id);
      } else if (change.table === "scopes") {
        const after = change.after as Scope | undefined;
        if (after !== undefined) this.putScope(after);
        else this.scopeTenants.delete((change.before as Scope).id);
      }
    }
    for (const tenantId of changes.tenantIds) this.markStale(tenantId);
  }

  /** Drops everything and reloads; for a store changed behind the index's back. */
  async reset(): Promise<void> {
    this.subjects.clear();
    this.scopeTenants.clear();
    this.tenants.clear();
    this.stale.clear();
    await this.init();
  }

  /** Answers many requests from one consistent view of the model. */
  async evaluateMany(
    requests: EvaluateRequest[],
    visibility: Visibility = {},
  ): Promise<Decision[]> {
    const context = await this.contextFor(
      requests.map((request) => request.scopeId),
      visibility,
    );
    return requests.map((request) => evaluate(request, context));
  }

  /** Answers one request. */
  async evaluate(request: EvaluateRequest, visibility: Visibility = {}): Promise<Decision> {
    const [decision] = await this.evaluateMany([request], visibility);
    return decision as Decision;
  }

  /** The compiled index of a tenant, fresh, or undefined if it does not exist. */
  async tenantIndex(tenantId: string): Promise<TenantIndex | undefined> {
    await this.ensureFresh(tenantId);
    return this.tenants.get(tenantId);
  }

  /** The tenant owning a scope, as far as the index knows. */
  tenantIdOfScope(scopeId: string): string | undefined {
    return this.scopeTenants.get(scopeId);
  }

  /** Builds an evaluation context whose tenants are fresh for these scopes. */
  async contextFor(scopeIds: string[], visibility: Visibility = {}): Promise<EvaluationContext> {
    const visibleTenant = (scopeId: string) => {
      const tenantId = this.scopeTenants.get(scopeId);
      if (tenantId === undefined) return undefined;
      if (visibility.tenantId != null && visibility.tenantId !== tenantId) return undefined;
      return tenantId;
    };
    const wanted = new Set<string>();
    for (const scopeId of scopeIds) {
      const tenantId = visibleTenant(scopeId);
      if (tenantId !== undefined) wanted.add(tenantId);
    }
    await Promise.all([...wanted].map((tenantId) => this.ensureFresh(tenantId)));

    const tenants = this.tenants;
    const subjects = this.subjects;
    return {
      nowMs: this.clock(),
      subject: (subjectId) => subjects.get(subjectId),
      tenantOfScope: (scopeId) => {
        const tenantId = visibleTenant(scopeId);
        return tenantId === undefined ? undefined : tenants.get(tenantId);
      },
    };
  }

  private putSubject(subject: Subject): void {
    this.subjects.set(subject.id, { subjectType: subject.subjectType, status: subject.status });
  }

  private putScope(scope: Scope): void {
    this.scopeTenants.set(scope.id, scope.tenantId);
  }

  private markStale(tenantId: string): void {
    this.stale.set(tenantId, ++this.generation);
  }

  private async ensureFresh(tenantId: string): Promise<void> {
    while (this.stale.has(tenantId)) {
      const pending = this.loading.get(tenantId);
      if (pending !== undefined) {
        await pending;
        continue;
      }
      const load = this.reload(tenantId).finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, load);
      await load;
    }
  }

  private async reload(tenantId: string): Promise<void> {
    const generation = this.stale.get(tenantId);
    const snapshot = await this.store.read((reader) => loadTenantSnapshot(reader, tenantId));
    if (snapshot === undefined) this.tenants.delete(tenantId);
    else this.tenants.set(tenantId, compileTenantIndex(snapshot));
    // A write that landed during the load marked the tenant again: keep it stale.
    if (this.stale.get(tenantId) === generation) this.stale.delete(tenantId);
  }
}
