import type { TableName, Tables } from "./tables.js";

/** One committed write, with the row as it was and as it is. */
export interface RowChange<T extends TableName = TableName> {
  table: T;
  before: Tables[T] | undefined;
  after: Tables[T] | undefined;
}

/** What a transaction changed, gathered so caches can follow it. */
export class ChangeSet {
  readonly changes: RowChange[] = [];
  readonly tenantIds = new Set<string>();

  record<T extends TableName>(change: RowChange<T>): void {
    this.changes.push(change as unknown as RowChange);
    const row = (change.after ?? change.before) as { id: string; tenantId?: string | null };
    if (change.table === "tenants") this.tenantIds.add(row.id);
    else if (typeof row.tenantId === "string") this.tenantIds.add(row.tenantId);
  }

  get isEmpty(): boolean {
    return this.changes.length === 0;
  }
}
