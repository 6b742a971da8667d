import { BedrockError, type TableName, tableColumns } from "@bedrock/core";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { PostgresStore } from "../../src/store/index.js";
import type { ChangeNotice } from "../../src/store/internal/change-notice.js";
import { sqlTable } from "../../src/store/internal/row-codec.js";
import type { SqlDatabase } from "../../src/store/internal/sql-reader.js";
import { migratePostgres, postgresMigrations } from "../../src/store/postgres-migrations.js";
import { poolName } from "../../src/store/postgres-store.js";
import { at, gate, subject, tenant, tenantScope } from "../store/records.js";
import { skipWithoutPostgres, TestSchema } from "./test-database.js";

/** Collects the notices a store hears from other processes. */
async function hear(store: PostgresStore) {
  const notices: ChangeNotice[] = [];
  const events = { lost: 0, restored: 0 };
  const stop = await store.listen({
    onChange: (notice) => notices.push(notice),
    onLost: () => events.lost++,
    onRestored: () => events.restored++,
  });
  return { notices, events, stop };
}

const skip = await skipWithoutPostgres();

describe.skipIf(skip)("PostgresStore", () => {
  let schema: TestSchema;
  const opened: PostgresStore[] = [];

  async function open(): Promise<PostgresStore> {
    const store = await PostgresStore.open({ url: schema.url });
    opened.push(store);
    return store;
  }

  beforeAll(async () => {
    schema = await TestSchema.create("store");
  });

  afterAll(async () => {
    await schema?.drop();
  });

  beforeEach(async () => {
    await open();
    await schema.truncate();
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  it("keeps data across a reopen without running migrations again", async () => {
    const first = await open();
    await first.transaction((tx) => tx.insert("tenants", tenant("t1", { maxUsers: 5 })));
    const ledger = () => schema.query("SELECT * FROM schema_migrations ORDER BY version");
    const applied = await ledger();

    const second = await open();
    const read = await second.read((reader) => reader.get("tenants", "t1"));
    const db = new Kysely<SqlDatabase>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({
          connectionString: schema.url,
          options: `-c search_path=${schema.name}`,
        }),
      }),
    });
    const again = await migratePostgres(db, schema.name);
    await db.destroy();

    expect(read).toStrictEqual(tenant("t1", { maxUsers: 5 }));
    expect(applied).toHaveLength(postgresMigrations.length);
    expect(await ledger()).toStrictEqual(applied);
    expect(again).toEqual([]);
  });

  it("creates every table with the record's columns, JSON as jsonb and counters as integers", async () => {
    const columns = await schema.query<{ table: string; column: string; type: string }>(
      `SELECT table_name AS "table", column_name AS "column", data_type AS "type"
       FROM information_schema.columns WHERE table_schema = $1
       ORDER BY table_name, ordinal_position`,
      [schema.name],
    );
    const of = (table: string) => columns.filter((row) => row.table === table);
    const typeOf = (table: string, column: string) =>
      columns.find((row) => row.table === table && row.column === column)?.type;

    for (const table of Object.keys(tableColumns) as TableName[]) {
      expect(
        of(sqlTable(table)).map((row) => row.column),
        table,
      ).toEqual(tableColumns[table]);
    }
    expect(typeOf("subjects", "meta")).toBe("jsonb");
    expect(typeOf("audit_events", "before")).toBe("jsonb");
    expect(typeOf("tenants", "revision")).toBe("bigint");
    expect(typeOf("tenants", "maxUsers")).toBe("bigint");
    expect(typeOf("idempotency_keys", "status")).toBe("integer");
  });

  it("refuses a schema migrated by a newer server", async () => {
    await schema.query("INSERT INTO schema_migrations VALUES ($1, $2)", [999, at]);

    const opening = PostgresStore.open({ url: schema.url });

    await expect(opening).rejects.toThrow(/version 999/);
    await schema.query("DELETE FROM schema_migrations WHERE version = 999");
  });

  it("stores, replaces and reads settings", async () => {
    const store = await open();

    const missing = await store.getSetting("admin-token");
    await store.setSetting("admin-token", "hash-1");
    await store.setSetting("admin-token", "hash-2");
    const stored = await store.getSetting("admin-token");

    expect(missing).toBeUndefined();
    expect(stored).toBe("hash-2");
  });

  it("runs a write of another process only after the running one commits, and shows it its rows", async () => {
    const [first, second] = [await open(), await open()];
    const inserted = gate();
    const finish = gate();
    const order: string[] = [];

    const holding = first.transaction(async (tx) => {
      await tx.insert("tenants", tenant("t1"));
      inserted.release();
      await finish.opened;
      order.push("first commits");
    });
    await inserted.opened;
    const waiting = second.transaction(async (tx) => {
      order.push("second runs");
      return tx.count("tenants", {});
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    finish.release();
    await holding;

    expect(await waiting).toBe(1);
    expect(order).toEqual(["first commits", "second runs"]);
  });

  it("tells other processes what a committed write touched, and nothing of a rolled-back one", async () => {
    const [writer, other] = [await open(), await open()];
    const own = await hear(writer);
    const heard = await hear(other);

    await writer
      .transaction(async (tx) => {
        await tx.insert("tenants", tenant("t0"));
        throw new Error("abandoned");
      })
      .catch(() => undefined);
    await writer.transaction(async (tx) => {
      await tx.insert("tenants", tenant("t1"));
      await tx.insert("scopes", tenantScope("scope-t1", "t1"));
      await tx.insert("subjects", subject("s1", { tenantId: "t1" }));
      await tx.insert("subjects", subject("s2"));
    });
    await writer.transaction((tx) => tx.delete("subjects", "s2"));
    await vi.waitFor(() => expect(heard.notices).toHaveLength(2));

    expect(heard.notices).toStrictEqual([
      {
        origin: writer.origin,
        everything: false,
        tenantIds: ["t1"],
        subjectIds: ["s1", "s2"],
        scopeIds: ["scope-t1"],
      },
      { origin: writer.origin, everything: false, tenantIds: [], subjectIds: ["s2"], scopeIds: [] },
    ]);
    expect(own.notices).toEqual([]);
  });

  it("tells of everything when the ids would not fit in one notice", async () => {
    const [writer, other] = [await open(), await open()];
    const heard = await hear(other);

    await writer.transaction(async (tx) => {
      for (let i = 0; i < 300; i++)
        await tx.insert("subjects", subject(`subject_${"x".repeat(30)}${i}`));
    });
    await vi.waitFor(() => expect(heard.notices).toHaveLength(1));

    expect(heard.notices[0]).toMatchObject({ everything: true, subjectIds: [] });
  });

  it("hears again after its listening connection is cut", async () => {
    const [writer, other] = [await open(), await open()];
    const heard = await hear(other);

    await schema.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
      [`bedrock-listener-${other.origin}`],
    );
    await vi.waitFor(() => expect(heard.events).toEqual({ lost: 1, restored: 1 }), {
      timeout: 3000,
    });
    await writer.transaction((tx) => tx.insert("tenants", tenant("t1")));

    await vi.waitFor(() =>
      expect(heard.notices.map((notice) => notice.tenantIds)).toEqual([["t1"]]),
    );
  });

  it("loses nothing and keeps serving when its connection is killed mid-transaction", async () => {
    const store = await open();

    const killed = store.transaction(async (tx) => {
      await tx.insert("tenants", tenant("t1"));
      await schema.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = $1 AND state = 'idle in transaction'`,
        [poolName(store.schema)],
      );
      await tx.insert("tenants", tenant("t2"));
    });

    await expect(killed).rejects.toThrow();
    await store.transaction((tx) => tx.insert("tenants", tenant("t3")));
    const ids = await store.read((reader) => reader.find("tenants", {}));
    expect(ids.map((row) => row.id)).toEqual(["t3"]);
  });

  it("reports and replaces idle connections that fail", async () => {
    const failures: Error[] = [];
    const store = await PostgresStore.open({
      url: schema.url,
      onConnectionError: (error) => failures.push(error),
    });
    opened.push(store);
    await store.read((reader) => reader.count("tenants", {}));

    await schema.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = $1 AND state = 'idle'`,
      [poolName(store.schema)],
    );
    await vi.waitFor(() => expect(failures.length).toBeGreaterThan(0));
    await store.transaction((tx) => tx.insert("tenants", tenant("t1")));

    expect(await store.read((reader) => reader.count("tenants", {}))).toBe(1);
  });

  it("answers text the database cannot store with a validation error", async () => {
    const store = await open();

    const writes = [
      store.transaction((tx) => tx.insert("tenants", tenant("t1", { name: "a\u0000b" }))),
      store.transaction((tx) => tx.insert("subjects", subject("s1", { meta: { bad: "\u0000" } }))),
      store.read((reader) => reader.find("tenants", { slug: "a\u0000b" })),
    ];
    const errors = await Promise.all(writes.map((write) => write.catch((error: unknown) => error)));

    for (const error of errors) {
      expect(error).toBeInstanceOf(BedrockError);
      expect(error).toMatchObject({ code: "validation_failed" });
    }
    expect(await store.read((reader) => reader.count("tenants", {}))).toBe(0);
  });

  it("refuses to commit a transaction whose work caught a failed statement", async () => {
    const store = await open();

    const outcome = store.transaction(async (tx) => {
      await tx.insert("tenants", tenant("t1"));
      await tx.insert("tenants", tenant("t2", { name: "a\u0000b" })).catch(() => undefined);
      return "done";
    });

    await expect(outcome).rejects.toThrow(/aborted/);
    expect(await store.read((reader) => reader.count("tenants", {}))).toBe(0);
  });
});
