import { ChangeSet } from "../store/change-set.js";
import type { PageOptions, StoreReader, StoreWriter, Where } from "../store/store.js";
import type { TableName, Tables } from "../store/tables.js";

/**
 * A transaction's writer that remembers every change it makes, so revisions,
 * audit events and the evaluation index can follow them.
 */
export class Mutation implements StoreReader {
  readonly changes = new ChangeSet();

  constructor(
    private readonly tx: StoreWriter,
    /** The transaction's timestamp, shared by every row it writes. */
    readonly now: string,
  ) {}

  get<T extends TableName>(table: T, id: string): Promise<Tables[T] | undefined> {
    return this.tx.get(table, id);
  }

  find<T extends TableName>(
    table: T,
    where: Where<Tables[T]>,
    page?: PageOptions,
  ): Promise<Tables[T][]> {
    return this.tx.find(table, where, page);
  }

  count<T extends TableName>(table: T, where: Where<Tables[T]>): Promise<number> {
    return this.tx.count(table, where);
  }

  async insert<T extends TableName>(table: T, row: Tables[T]): Promise<Tables[T]> {
    await this.tx.insert(table, row);
    this.changes.record({ table, before: undefined, after: row });
    return row;
  }

  /**
   * Applies `patch` and stamps `updatedAt`; returns the row as it now is. A
   * patch that changes nothing writes nothing, so it bumps no revision and
   * leaves no audit event.
   */
  async update<T extends TableName>(
    table: T,
    before: Tables[T],
    patch: Partial<Tables[T]>,
  ): Promise<Tables[T]> {
    if (!changesAnything(before, patch)) return before;
    const stamped = { ...patch, updatedAt: this.now } as Partial<Tables[T]>;
    await this.tx.update(table, before.id, stamped);
    const after = { ...before, ...stamped };
    this.changes.record({ table, before, after });
    return after;
  }

  async delete<T extends TableName>(table: T, row: Tables[T]): Promise<void> {
    await this.tx.delete(table, row.id);
    this.changes.record({ table, before: row, after: undefined });
  }

  /** Writes outside the change log: revision counters and the audit trail. */
  get raw(): StoreWriter {
    return this.tx;
  }
}

function changesAnything<Row extends object>(before: Row, patch: Partial<Row>): boolean {
  return Object.entries(patch).some(([key, value]) => {
    if (value === undefined) return false;
    const current = (before as Record<string, unknown>)[key];
    return canonical(current) !== canonical(value);
  });
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are the same value. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    // Keys of one object are distinct, so this order is total.
    const entries = Object.entries(inner as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    return Object.fromEntries(entries);
  });
}
