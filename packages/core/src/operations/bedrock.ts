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

/** What a write produced, and the tenant revision it left behind. */
export interface WriteResult<R> {
  value: R;
  /** The highest revision among the tenants the write touched, if any. */
  revision: number | undefined;
}

/** Fields never copied into audit events. */
const secretColumns = new Set(["tokenHash"]);

function redact(row: unknown): unknown {
  if (row === undefined || row === null) return null;
  return Object.fromEntries(
    Object.entries(row as Record<string, unknown>).filter(([key]) => !secretColumns.has(key)),
  );
}

function auditEventOf(change: RowChange, caller: Caller, operation: string, now: string) {
  const row = (change.after ?? change.before) as { id: string };
  const event: AuditEvent = {
    id: generateId("auditEvent"),
    tenantId: owningTenantOf(change.table, row),
    actorKeyId: caller.keyId,
    operation,
    targetType: change.table,
    targetId: row.id,
    before: redact(change.before),
    after: redact(change.after),
    createdAt: now,
  };
  return event;
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
      const revision = await this.bumpRevisions(m);
      for (const change of m.changes.changes) {
        if (unaudited.has(change.table)) continue;
        await tx.insert("auditEvents", auditEventOf(change, caller, operation, m.now));
      }
      return { value, revision };
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

  private async bumpRevisions(m: Mutation): Promise<number | undefined> {
    let highest: number | undefined;
    for (const tenantId of m.changes.tenantIds) {
      const tenant = await m.get("tenants", tenantId);
      if (tenant === undefined) continue;
      const revision = tenant.revision + 1;
      await m.raw.update("tenants", tenantId, { revision });
      highest = Math.max(highest ?? 0, revision);
    }
    return highest;
  }
}
