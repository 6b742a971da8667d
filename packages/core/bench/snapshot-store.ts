import type { TenantSnapshot } from "../src/evaluator/tenant-snapshot.js";
import type { Subject } from "../src/model/entities.js";
import type { Store, StoreReader, Where } from "../src/store/store.js";
import type { TableName, Tables } from "../src/store/tables.js";
import { matchesWhere } from "../src/store/where.js";

type Rows = { [T in TableName]?: Tables[T][] };

/**
 * A read-only store over fixed records. The memory store checks unique keys
 * row by row on insert, which is quadratic at benchmark sizes; the index
 * only ever reads, so this is all it needs.
 */
export class SnapshotStore implements Store {
  private readonly rows: Rows;

  constructor(snapshots: TenantSnapshot[], subjects: Subject[]) {
    this.rows = {
      tenants: snapshots.map((s) => s.tenant),
      subjects,
      scopes: snapshots.flatMap((s) => s.scopes),
      memberships: snapshots.flatMap((s) => s.memberships),
      roles: snapshots.flatMap((s) => s.roles),
      permissions: snapshots.flatMap((s) => s.permissions),
      grants: snapshots.flatMap((s) => s.grants),
      roleAssignments: snapshots.flatMap((s) => s.roleAssignments),
      permissionOverrides: snapshots.flatMap((s) => s.permissionOverrides),
      rolePermissionOverrides: snapshots.flatMap((s) => s.rolePermissionOverrides),
    };
  }

  transaction<R>(): Promise<R> {
    return Promise.reject(new Error("the benchmark store is read-only"));
  }

  read<R>(work: (reader: StoreReader) => Promise<R>): Promise<R> {
    const rows = this.rows;
    const tableOf = <T extends TableName>(table: T) => (rows[table] ?? []) as Tables[T][];
    const reader: StoreReader = {
      get: async (table, id) => tableOf(table).find((row) => row.id === id),
      find: async <T extends TableName>(table: T, where: Where<Tables[T]>) =>
        tableOf(table).filter((row) => matchesWhere(row, where)),
      count: async (table, where) =>
        tableOf(table).filter((row) => matchesWhere(row, where)).length,
    };
    return work(reader);
  }

  async close(): Promise<void> {}
}
