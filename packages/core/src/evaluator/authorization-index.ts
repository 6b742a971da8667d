import { BedrockError, notFound } from "../errors.js";
import type { Scope, Subject } from "../model/entities.js";
import type { ChangeSet } from "../store/change-set.js";
import type { Store } from "../store/store.js";
import type { Decision, EvaluateRequest } from "./decision.js";
import {
  type EffectivePermission,
  effectivePermissions,
  type PermissionLookup,
} from "./effective-permissions.js";
import { type EvaluationContext, evaluate, type SubjectEntry } from "./evaluate.js";
import type { LookupPage } from "./lookup-page.js";
import { lookupScopes, type ScopeLookup, type ScopeMatch } from "./scope-lookup.js";
import { lookupSubjects, type SubjectLookup, type SubjectMatch } from "./subject-lookup.js";
import { compileTenantIndex, type TenantIndex } from "./tenant-index.js";
import { loadTenantSnapshot } from "./tenant-loader.js";

// The lookups are part of the index's public surface.
export * from "./effective-permissions.js";
export * from "./lookup-page.js";
export * from "./scope-lookup.js";
export * from "./subject-lookup.js";

/** Limits what a caller may see; a tenant-bound key sees one tenant. */
export interface Visibility {
  tenantId?: string | null;
}

/** A tenant's index and a context that evaluates inside it alone. */
interface TenantView {
  index: TenantIndex;
  context: EvaluationContext;
}

function emptyPage<T>(): LookupPage<T> {
  return { data: [], nextCursor: null, revision: 0 };
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
    const { subjects, scopes, tenants } = await this.store.read(async (reader) => ({
      subjects: await reader.find("subjects", {}),
      scopes: await reader.find("scopes", {}),
      tenants: await reader.find("tenants", {}),
    }));
    // Swapped in at once, so evaluation never sees a half-filled directory.
    this.subjects.clear();
    this.scopeTenants.clear();
    this.tenants.clear();
    this.stale.clear();
    for (const subject of subjects) this.putSubject(subject);
    for (const scope of scopes) this.putScope(scope);
    for (const tenant of tenants) this.markStale(tenant.id);
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

  /**
   * Reloads everything, for a store changed behind the index's back. Until
   * the new directory is read, answers keep coming from the old one.
   */
  async reset(): Promise<void> {
    await this.init();
  }

  /**
   * Answers many requests from one consistent view of the model. Throws 409
   * `revision_not_reached` when a request's `minRevision` is above what the
   * store holds for the scope's tenant, even after reloading it.
   */
  async evaluateMany(
    requests: EvaluateRequest[],
    visibility: Visibility = {},
  ): Promise<Decision[]> {
    await this.reachRevisions(requests, visibility);
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

  /**
   * The scopes of a kind in a tenant where a subject is allowed, each decided
   * as evaluate would. A tenant or subject the caller cannot see gives an
   * empty page, as an unknown one does.
   *
   * @example
   * const page = await index.lookupScopes({
   *   subject: { subjectId: "subject_ann", subjectType: "user" },
   *   tenantId: "tenant_acme",
   *   kind: "project",
   *   action: "read",
   *   resourceType: "customer",
   * });
   */
  async lookupScopes(
    lookup: ScopeLookup,
    visibility: Visibility = {},
  ): Promise<LookupPage<ScopeMatch>> {
    if (lookup.minRevision !== undefined) {
      await this.learnUnknownIds([], [lookup.subject.subjectId]);
    }
    const view = await this.viewOf(lookup.tenantId, visibility, lookup.minRevision);
    if (view === undefined) return emptyPage();
    return { ...lookupScopes(view.index, view.context, lookup), revision: view.index.revision };
  }

  /**
   * The subjects allowed an action at a scope, each decided as evaluate would
   * with the subject's own type. A scope the caller cannot see gives an empty page.
   */
  async lookupSubjects(
    lookup: SubjectLookup,
    visibility: Visibility = {},
  ): Promise<LookupPage<SubjectMatch>> {
    if (lookup.minRevision !== undefined) await this.learnUnknownIds([lookup.scopeId], []);
    const tenantId = this.visibleTenantOf(lookup.scopeId, visibility);
    if (tenantId === undefined) return emptyPage();
    const view = await this.viewOf(tenantId, visibility, lookup.minRevision);
    if (view === undefined) return emptyPage();
    return { ...lookupSubjects(view.index, view.context, lookup), revision: view.index.revision };
  }

  /**
   * A subject's effective permissions at a scope after overrides. Throws the
   * same 404 for a subject or scope that does not exist as for one the
   * caller cannot see.
   */
  async effectivePermissions(
    lookup: PermissionLookup,
    visibility: Visibility = {},
  ): Promise<LookupPage<EffectivePermission>> {
    if (lookup.minRevision !== undefined) {
      await this.learnUnknownIds([lookup.scopeId], [lookup.subjectId]);
    }
    const tenantId = this.visibleTenantOf(lookup.scopeId, visibility);
    const view =
      tenantId === undefined
        ? undefined
        : await this.viewOf(tenantId, visibility, lookup.minRevision);
    const context = view?.context ?? (await this.contextFor([], visibility));
    if (context.subject(lookup.subjectId) === undefined) {
      throw notFound("subject", lookup.subjectId);
    }
    if (view === undefined || !view.index.scopes.has(lookup.scopeId)) {
      throw notFound("scope", lookup.scopeId);
    }
    const page = effectivePermissions(view.index, view.context, lookup);
    return { ...page, revision: view.index.revision };
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

  /**
   * Builds an evaluation context whose tenants are fresh for these scopes.
   * The tenants' indexes are captured when it is built, so every answer read
   * from it comes from one view of each tenant, whatever is written meanwhile.
   */
  async contextFor(scopeIds: string[], visibility: Visibility = {}): Promise<EvaluationContext> {
    const wanted = new Set<string>();
    for (const scopeId of scopeIds) {
      const tenantId = this.visibleTenantOf(scopeId, visibility);
      if (tenantId !== undefined) wanted.add(tenantId);
    }
    // The caller's own tenant decides which subjects without a home it may see.
    if (visibility.tenantId != null) wanted.add(visibility.tenantId);
    await Promise.all([...wanted].map((tenantId) => this.ensureFresh(tenantId)));

    const captured = new Map<string, TenantIndex>();
    for (const tenantId of wanted) {
      const index = this.tenants.get(tenantId);
      if (index !== undefined) captured.set(tenantId, index);
    }
    return {
      nowMs: this.clock(),
      subject: this.subjectLookup(visibility, captured),
      tenantOfScope: (scopeId) => {
        const tenantId = this.visibleTenantOf(scopeId, visibility);
        return tenantId === undefined ? undefined : captured.get(tenantId);
      },
    };
  }

  /**
   * Finds subjects as the caller may see them. A tenant-bound caller sees a
   * subject whose home is its tenant, or one without a home that holds a
   * membership there; any other is as unknown to it as one never created.
   */
  private subjectLookup(
    visibility: Visibility,
    captured: ReadonlyMap<string, TenantIndex>,
  ): EvaluationContext["subject"] {
    const subjects = this.subjects;
    const bound = visibility.tenantId;
    if (bound == null) return (subjectId) => subjects.get(subjectId);

    const members = captured.get(bound)?.memberships;
    return (subjectId) => {
      const entry = subjects.get(subjectId);
      if (entry === undefined) return undefined;
      if (entry.tenantId != null) return entry.tenantId === bound ? entry : undefined;
      return members?.has(subjectId) === true ? entry : undefined;
    };
  }

  /** A fresh view of one tenant the caller may see, at `minRevision` or later. */
  private async viewOf(
    tenantId: string,
    visibility: Visibility,
    minRevision: number | undefined,
  ): Promise<TenantView | undefined> {
    if (visibility.tenantId != null && visibility.tenantId !== tenantId) return undefined;
    if (minRevision !== undefined) await this.reachRevision(tenantId, minRevision);
    await this.ensureFresh(tenantId);
    const index = this.tenants.get(tenantId);
    if (index === undefined) return undefined;

    const captured = new Map([[tenantId, index]]);
    const context: EvaluationContext = {
      nowMs: this.clock(),
      subject: this.subjectLookup(visibility, captured),
      tenantOfScope: (scopeId) => (index.scopes.has(scopeId) ? index : undefined),
    };
    return { index, context };
  }

  private visibleTenantOf(scopeId: string, visibility: Visibility): string | undefined {
    const tenantId = this.scopeTenants.get(scopeId);
    if (tenantId === undefined) return undefined;
    if (visibility.tenantId != null && visibility.tenantId !== tenantId) return undefined;
    return tenantId;
  }

  /** Brings every visible tenant the requests ask a `minRevision` of up to it, or throws. */
  private async reachRevisions(requests: EvaluateRequest[], visibility: Visibility) {
    const wanted = new Map<string, number>();
    const asking = requests.filter((request) => request.minRevision !== undefined);
    await this.learnUnknown(asking);
    for (const request of asking) {
      if (request.minRevision === undefined) continue;
      // Unknown and invisible scopes are denied whatever the revision, and say nothing of it.
      const tenantId = this.visibleTenantOf(request.scopeId, visibility);
      if (tenantId === undefined) continue;
      wanted.set(tenantId, Math.max(wanted.get(tenantId) ?? 0, request.minRevision));
    }
    await Promise.all([...wanted].map(([tenantId, min]) => this.reachRevision(tenantId, min)));
  }

  /**
   * Makes sure the compiled tenant is at `minRevision` or later. A write that
   * reached the store through another process is not known here yet, so
   * one reload from the store comes first; a revision still not there is a 409.
   */
  private async reachRevision(tenantId: string, minRevision: number): Promise<void> {
    await this.ensureFresh(tenantId);
    if (this.reached(tenantId, minRevision)) return;

    this.markStale(tenantId);
    await this.ensureFresh(tenantId);
    if (this.reached(tenantId, minRevision)) return;

    const revision = this.tenants.get(tenantId)?.revision ?? 0;
    throw new BedrockError(
      "revision_not_reached",
      `minRevision ${minRevision} is ahead of tenant ${tenantId}, which is at revision ${revision}: retry shortly, or ask for a revision this server has answered with`,
    );
  }

  /**
   * A subject or scope created by a write through another replica may not
   * have reached this one's directory yet. A request that asks for a
   * revision reads the ones it names and does not know from the store.
   */
  private async learnUnknown(requests: EvaluateRequest[]): Promise<void> {
    const scopeIds = requests.map((request) => request.scopeId);
    const subjectIds = requests.flatMap((request) =>
      [request.actor, request.onBehalfOf].flatMap((ref) =>
        ref === undefined ? [] : [ref.subjectId],
      ),
    );
    await this.learnUnknownIds(scopeIds, subjectIds);
  }

  /** Reads from the store the scopes and subjects named here that the directory lacks. */
  private async learnUnknownIds(scopeIdList: string[], subjectIdList: string[]): Promise<void> {
    const scopeIds = new Set(scopeIdList.filter((id) => !this.scopeTenants.has(id)));
    const subjectIds = new Set(subjectIdList.filter((id) => !this.subjects.has(id)));
    if (scopeIds.size === 0 && subjectIds.size === 0) return;
    const found = await this.store.read(async (reader) => ({
      scopes: scopeIds.size === 0 ? [] : await reader.find("scopes", { id: [...scopeIds] }),
      subjects: subjectIds.size === 0 ? [] : await reader.find("subjects", { id: [...subjectIds] }),
    }));
    for (const scope of found.scopes) {
      this.putScope(scope);
      this.markStale(scope.tenantId);
    }
    for (const subject of found.subjects) this.putSubject(subject);
  }

  private reached(tenantId: string, minRevision: number): boolean {
    const index = this.tenants.get(tenantId);
    // A tenant that is gone has no revision to wait for; its scopes are denied.
    return index === undefined || index.revision >= minRevision;
  }

  private putSubject(subject: Subject): void {
    this.subjects.set(subject.id, {
      subjectType: subject.subjectType,
      status: subject.status,
      tenantId: subject.tenantId,
    });
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
    const { snapshot, members } = await this.store.read(async (reader) => {
      const snapshot = await loadTenantSnapshot(reader, tenantId);
      const memberIds = [...new Set(snapshot?.memberships.map((m) => m.subjectId) ?? [])];
      // Read with the tenant, so its members' status is as of the same revision.
      const members =
        memberIds.length === 0 ? [] : await reader.find("subjects", { id: memberIds });
      return { snapshot, members };
    });
    if (snapshot === undefined) {
      this.tenants.delete(tenantId);
    } else {
      this.tenants.set(tenantId, compileTenantIndex(snapshot));
      for (const scope of snapshot.scopes) this.putScope(scope);
      for (const subject of members) this.putSubject(subject);
    }
    // A write that landed during the load marked the tenant again: keep it stale.
    if (this.stale.get(tenantId) === generation) this.stale.delete(tenantId);
  }
}
