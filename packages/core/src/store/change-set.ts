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
    for (const row of [change.before, change.after]) {
      const tenantId = row === undefined ? null : owningTenantOf(change.table, row);
      if (tenantId !== null) this.tenantIds.add(tenantId);
    }
  }

  get isEmpty(): boolean {
    return this.changes.length === 0;
  }
}

/**
 * The tenant a row belongs to, or null for platform-wide rows. A user belongs
 * to its default tenant, where it counts against `maxUsers`.
 */
export function owningTenantOf(table: TableName, row: object): string | null {
  if (table === "tenants") return (row as { id: string }).id;
  if (table === "users") return (row as Tables["users"]).defaultTenantId;
  const tenantId = (row as { tenantId?: string | null }).tenantId;
  return typeof tenantId === "string" ? tenantId : null;
}
