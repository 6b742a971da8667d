import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TableName, type Tenant, tableColumns } from "@bedrock/core";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/store/index.js";
import { sqlTable } from "../../src/store/internal/row-codec.js";
import { migrate, migrations } from "../../src/store/migrations.js";

const at = "2026-01-01T00:00:00.000Z";

const tenant: Tenant = {
  id: "t1",
  name: "Acme",
  slug: "acme",
  kind: "standard",
  planKey: null,
  maxUsers: 10,
  externalId: null,
  status: "active",
  scopeId: "scope-t1",
  revision: 1,
  createdAt: at,
  updatedAt: at,
};

/** Reads the file with a plain connection, closed before returning. */
function inspect<R>(file: string, query: (db: Database.Database) => R): R {
  const db = new Database(file);
  try {
    return query(db);
  } finally {
    db.close();
  }
}

describe("SqliteStore", () => {
  let dir = "";
  let file = "";

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bedrock-sqlite-"));
    file = join(dir, "nested", "store.db");
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps data across a reopen without running migrations again", async () => {
    const first = SqliteStore.open(file);
    await first.transaction((tx) => tx.insert("tenants", tenant));
    await first.close();
    const ledger = () => inspect(file, (db) => db.prepare("SELECT * FROM schema_migrations").all());
    const applied = ledger();

    const second = SqliteStore.open(file);
    const read = await second.read((reader) => reader.get("tenants", "t1"));
    await second.close();

    expect(read).toStrictEqual(tenant);
    expect(applied).toHaveLength(migrations.length);
    expect(ledger()).toStrictEqual(applied);
    expect(inspect(file, (db) => migrate(db))).toEqual([]);
  });

  it("creates a table with the record's columns for every table", async () => {
    await SqliteStore.open(file).close();

    const columnsOf = (table: TableName) =>
      inspect(file, (db) =>
        db
          .prepare(`SELECT name FROM pragma_table_info('${sqlTable(table)}')`)
          .pluck()
          .all(),
      );

    for (const table of Object.keys(tableColumns) as TableName[]) {
      expect(columnsOf(table), table).toEqual(tableColumns[table]);
    }
  });

  it("writes the file in WAL mode", async () => {
    await SqliteStore.open(file).close();

    const mode = inspect(file, (db) => db.pragma("journal_mode", { simple: true }));

    expect(mode).toBe("wal");
  });

  it("refuses a file migrated by a newer server", async () => {
    await SqliteStore.open(file).close();
    inspect(file, (db) => db.prepare("INSERT INTO schema_migrations VALUES (?, ?)").run(999, at));

    expect(() => SqliteStore.open(file)).toThrow(/version 999/);
  });

  it("stores, replaces and reads settings", async () => {
    const store = SqliteStore.open(file);

    const missing = await store.getSetting("admin-token");
    await store.setSetting("admin-token", "hash-1");
    await store.setSetting("admin-token", "hash-2");
    const stored = await store.getSetting("admin-token");
    await store.close();

    expect(missing).toBeUndefined();
    expect(stored).toBe("hash-2");
  });
});
