import { AuthorizationIndex } from "../evaluator/authorization-index.js";
import type { Decision, EvaluateRequest } from "../evaluator/decision.js";
import type { AuditEvent } from "../model/entities.js";
import { generateId } from "../model/ids.js";
import { owningTenantOf, type RowChange } from "../store/change-set.js";
import type { Store, StoreReader } from "../store/store.js";
import type { TableName } from "../store/tables.js";
import { type Caller, requireRight } from "./caller.js";
import { Mutation } from "./mutation.js";

/** Options of a Bedrock instance. */
export interface BedrockOptions {
  /** Milliseconds since the epoch; injectable so tests can move time. */
  clock?: () => number;
}

/** What a write produced, and the tenant revisions it left behind. */
export interface WriteResult<R> {
  value: R;
  /** The highest revision among the tenants the write touched, if any. */
  revision: number | undefined;
  /** The new revision of every tenant the write touched. */
  revisions: Record<string, number>;
}

/** Fields never copied into audit events: secrets and internal lookup keys. */
const hiddenColumns = new Set(["tokenHash", "emailNormalized"]);

/**
 * A row as an audit event filed under `tenantId` shows it: without hidden
 * columns, and without the id of any other tenant a user names as default.
 */
function auditView(row: unknown, tenantId: string | null): unknown {
  if (row === undefined || row === null) return null;
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
    if (hiddenColumns.has(key)) continue;
    const foreign = key === "defaultTenantId" && tenantId !== null && value !== tenantId;
    shown[key] = foreign ? null : value;
  }
  return shown;
}

/** One event per tenant the change concerns, or one platform event when none. */
function auditEventsOf(
  change: RowChange,
  tenantIds: readonly string[],
  caller: Caller,
  operation: string,
  now: string,
): AuditEvent[] {
  const row = (change.after ?? change.before) as { id: string };
  const filedUnder = tenantIds.length === 0 ? [null] : tenantIds;
  return filedUnder.map((tenantId) => ({
    id: generateId("auditEvent"),
    tenantId,
    actorKeyId: caller.keyId,
    operation,
    targetType: change.table,
    targetId: row.id,
    before: auditView(change.before, tenantId),
    after: auditView(change.after, tenantId),
    createdAt: now,
  }));
}

/** Tables whose writes are bookkeeping, not part of the audited model. */
const unaudited = new Set<TableName>(["auditEvents", "idempotencyKeys"]);

/**
 * The service every transport shares: transactional writes that bump
 * revisions, record audit events and refresh the evaluation index.
 */
export class Bedrock {
  readonly index: AuthorizationIndex;
  private readonly clock: () => number;

  private constructor(
    readonly store: Store,
    options: BedrockOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.index = new AuthorizationIndex(store, this.clock);
  }

  /** Opens a service over a store, loading the evaluation index. */
  static async open(store: Store, options: BedrockOptions = {}): Promise<Bedrock> {
    const bedrock = new Bedrock(store, options);
    await bedrock.index.init();
    return bedrock;
  }

  /** The current time as an ISO string. */
  now(): string {
    return new Date(this.clock()).toISOString();
  }

  /**
   * Runs `work` in one transaction for `caller`. Every tenant it touches has
   * its revision bumped, and every row change is audited under `operation`.
   */
  async write<R>(
    caller: Caller,
    operation: string,
    work: (m: Mutation) => Promise<R>,
  ): Promise<WriteResult<R>> {
    requireRight(caller, "manage");
    let mutation: Mutation | undefined;
    const result = await this.store.transaction(async (tx) => {
      const m = new Mutation(tx, this.now());
      mutation = m;
      const value = await work(m);
      const concerned = await this.tenantsConcerned(m);
      const revisions = await this.bumpRevisions(m);
      for (const [index, change] of m.changes.changes.entries()) {
        if (unaudited.has(change.table)) continue;
        const tenantIds = concerned[index] ?? [];
        for (const event of auditEventsOf(change, tenantIds, caller, operation, m.now)) {
          await tx.insert("auditEvents", event);
        }
      }
      const highest = Object.values(revisions).reduce((a, b) => Math.max(a, b), 0);
      return { value, revision: highest === 0 ? undefined : highest, revisions };
    });
    if (mutation !== undefined) this.index.apply(mutation.changes);
    return result;
  }

  /** Reads committed state. */
  read<R>(work: (reader: StoreReader) => Promise<R>): Promise<R> {
    return this.store.read(work);
  }

  /** Answers an evaluate request from the in-memory index. */
  evaluate(caller: Caller, request: EvaluateRequest): Promise<Decision> {
    requireRight(caller, "evaluate");
    return this.index.evaluate(request, { tenantId: caller.tenantId });
  }

  /** Answers many evaluate requests from one view of the model. */
  evaluateMany(caller: Caller, requests: EvaluateRequest[]): Promise<Decision[]> {
    requireRight(caller, "evaluate");
    return this.index.evaluateMany(requests, { tenantId: caller.tenantId });
  }

  /** The current revision of a tenant, or undefined if it does not exist. */
  async revisionOf(tenantId: string): Promise<number | undefined> {
    return (await this.index.tenantIndex(tenantId))?.revision;
  }

  /**
   * The tenants each change concerns: those owning the row before and after,
   * and for a subject, every tenant it is a member of, since its status and
   * type decide there too. They are added to the write's tenants.
   */
  private async tenantsConcerned(m: Mutation): Promise<string[][]> {
    const concerned: string[][] = [];
    for (const change of m.changes.changes) {
      const tenantIds = new Set<string>();
      for (const row of [change.before, change.after]) {
        const owner = row === undefined ? null : owningTenantOf(change.table, row);
        if (owner !== null) tenantIds.add(owner);
      }
      if (change.table === "subjects") {
        const subjectId = (change.after ?? change.before)?.id as string;
        for (const tenantId of await this.tenantsOfSubject(m, subjectId)) tenantIds.add(tenantId);
      }
      for (const tenantId of tenantIds) m.changes.tenantIds.add(tenantId);
      concerned.push([...tenantIds]);
    }
    return concerned;
  }

  /**
   * Every tenant where a subject's status or type decides: those it is a
   * member of, those whose memberships of it this write removed, and the
   * default tenant of its user record.
   */
  private async tenantsOfSubject(m: Mutation, subjectId: string): Promise<Set<string>> {
    const tenantIds = new Set<string>();
    for (const membership of await m.find("memberships", { subjectId })) {
      tenantIds.add(membership.tenantId);
    }
    for (const user of await m.find("users", { subjectId })) {
      if (user.defaultTenantId !== null) tenantIds.add(user.defaultTenantId);
    }
    for (const change of m.changes.changes) {
      const row = (change.before ?? change.after) as { subjectId?: string } | undefined;
      if (row?.subjectId !== subjectId) continue;
      const owner = owningTenantOf(change.table, row);
      if (owner !== null) tenantIds.add(owner);
    }
    return tenantIds;
  }

  /**
   * Bumps the revision of every tenant the write touched. A tenant the write
   * deleted reports the revision it would have reached, so a replica asked
   * for it reloads and finds the tenant gone rather than answering from it.
   */
  private async bumpRevisions(m: Mutation): Promise<Record<string, number>> {
    const revisions: Record<string, number> = {};
    for (const tenantId of m.changes.tenantIds) {
      const tenant = await m.get("tenants", tenantId);
      if (tenant === undefined) {
        const deleted = m.changes.changes.find(
          (change) => change.table === "tenants" && change.before?.id === tenantId,
        );
        const last = (deleted?.before as { revision?: number } | undefined)?.revision;
        if (last !== undefined) revisions[tenantId] = last + 1;
        continue;
      }
      const revision = tenant.revision + 1;
      await m.raw.update("tenants", tenantId, { revision });
      revisions[tenantId] = revision;
    }
    return revisions;
  }
}
