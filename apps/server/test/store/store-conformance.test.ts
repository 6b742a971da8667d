import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore, type Store, type Tenant, UniqueViolation } from "@bedrock/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PostgresStore, SqliteStore } from "../../src/store/index.js";
import { skipWithoutPostgres, TestSchema } from "../postgres/test-database.js";
import { apiKey, gate, membership, subject, tenant } from "./records.js";

let dir = "";

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bedrock-store-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * How a store orders a read against a running transaction: after it, or
 * beside it in a snapshot of what was committed before.
 */
type ReadOrder = "after writes" | "beside writes";

describe.each([
  { name: "MemoryStore", open: (): Store => new MemoryStore() },
  { name: "SqliteStore", open: (): Store => SqliteStore.open(join(dir, "data", "store.db")) },
])("$name", ({ open }) => {
  storeCases(open, "after writes");
});

describe.skipIf(await skipWithoutPostgres())("PostgresStore", () => {
  let schema: TestSchema | undefined;

  beforeAll(async () => {
    schema = await TestSchema.create("conformance");
  });

  afterAll(async () => {
    await schema?.drop();
  });

  storeCases(async () => {
    if (schema === undefined) throw new Error("the test schema was not created");
    const store = await PostgresStore.open({ url: schema.url });
    await schema.truncate();
    return store;
  }, "beside writes");
});

/** The cases every store must pass, each against a fresh, empty store. */
function storeCases(open: () => Store | Promise<Store>, reads: ReadOrder): void {
  let store: Store;

  beforeEach(async () => {
    store = await open();
  });

  afterEach(async () => {
    await store.close();
  });

  async function insertTenants(...rows: Tenant[]): Promise<void> {
    await store.transaction(async (tx) => {
      for (const row of rows) await tx.insert("tenants", row);
    });
  }

  async function tenantIds(): Promise<string[]> {
    const rows = await store.read((reader) => reader.find("tenants", {}));
    return rows.map((row) => row.id);
  }

  it("returns a tenant, a subject and an api key exactly as inserted", async () => {
    const rows = {
      tenant: tenant("t1", { planKey: "pro", maxUsers: 25, revision: 7 }),
      subject: subject("s1", { externalId: "ext-1" }),
      key: apiKey("k1"),
    };

    await store.transaction(async (tx) => {
      await tx.insert("tenants", rows.tenant);
      await tx.insert("subjects", rows.subject);
      await tx.insert("apiKeys", rows.key);
    });
    const read = await store.read(async (reader) => ({
      tenant: await reader.get("tenants", "t1"),
      subject: await reader.get("subjects", "s1"),
      key: await reader.get("apiKeys", "k1"),
      missing: await reader.get("tenants", "nope"),
    }));

    expect(read).toStrictEqual({ ...rows, missing: undefined });
  });

  it("finds rows by equality, ordered by id whatever the insert order", async () => {
    await insertTenants(
      tenant("t3", { status: "suspended" }),
      tenant("t1"),
      tenant("t2", { status: "suspended" }),
    );

    const suspended = await store.read((reader) => reader.find("tenants", { status: "suspended" }));

    expect(suspended.map((row) => row.id)).toEqual(["t2", "t3"]);
    expect(await tenantIds()).toEqual(["t1", "t2", "t3"]);
  });

  it("treats an array as any of its values and an empty array as nothing", async () => {
    await insertTenants(tenant("t1"), tenant("t2"), tenant("t3"));

    const found = await store.read(async (reader) => ({
      some: await reader.find("tenants", { slug: ["slug-t1", "slug-t3", "other"] }),
      none: await reader.find("tenants", { slug: [] }),
      noneCount: await reader.count("tenants", { slug: [] }),
    }));

    expect(found.some.map((row) => row.id)).toEqual(["t1", "t3"]);
    expect(found.none).toEqual([]);
    expect(found.noneCount).toBe(0);
  });

  it("matches null filters, alone or inside an array", async () => {
    await insertTenants(
      tenant("t1", { planKey: "pro" }),
      tenant("t2"),
      tenant("t3", { planKey: "free" }),
    );

    const found = await store.read(async (reader) => ({
      isNull: await reader.find("tenants", { planKey: null }),
      nullOrPro: await reader.find("tenants", { planKey: [null, "pro"] }),
      both: await reader.find("tenants", { planKey: null, status: "active" }),
    }));

    expect(found.isNull.map((row) => row.id)).toEqual(["t2"]);
    expect(found.nullOrPro.map((row) => row.id)).toEqual(["t1", "t2"]);
    expect(found.both.map((row) => row.id)).toEqual(["t2"]);
  });

  it("pages with afterId and limit without repeating or skipping a row", async () => {
    const ids = ["t05", "t01", "t07", "t03", "t02", "t06", "t04"];
    await insertTenants(...ids.map((id) => tenant(id, { kind: "sandbox" })), tenant("t00"));

    const seen: string[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await store.read((reader) =>
        reader.find("tenants", { kind: "sandbox" }, { limit: 3, afterId }),
      );
      if (page.length === 0) break;
      seen.push(...page.map((row) => row.id));
      afterId = page.at(-1)?.id;
    }

    expect(seen).toEqual([...ids].sort());
  });

  it("counts every row or only the matching ones", async () => {
    await insertTenants(tenant("t1"), tenant("t2", { status: "suspended" }), tenant("t3"));

    const counts = await store.read(async (reader) => ({
      all: await reader.count("tenants", {}),
      active: await reader.count("tenants", { status: "active" }),
      empty: await reader.count("subjects", {}),
    }));

    expect(counts).toEqual({ all: 3, active: 2, empty: 0 });
  });

  it("updates only the patched fields, and ignores a missing id", async () => {
    await insertTenants(tenant("t1"));
    await store.transaction((tx) => tx.insert("subjects", subject("s1")));

    await store.transaction(async (tx) => {
      await tx.update("tenants", "t1", { name: "Renamed", revision: 2, planKey: "pro" });
      await tx.update("subjects", "s1", { meta: { replaced: [1, 2] } });
      await tx.update("tenants", "missing", { name: "Ghost" });
    });
    const read = await store.read(async (reader) => ({
      tenant: await reader.get("tenants", "t1"),
      subject: await reader.get("subjects", "s1"),
      count: await reader.count("tenants", {}),
    }));

    expect(read.tenant).toStrictEqual(
      tenant("t1", { name: "Renamed", revision: 2, planKey: "pro" }),
    );
    expect(read.subject).toStrictEqual(subject("s1", { meta: { replaced: [1, 2] } }));
    expect(read.count).toBe(1);
  });

  it("deletes a row, and ignores a missing id", async () => {
    await insertTenants(tenant("t1"), tenant("t2"));

    await store.transaction(async (tx) => {
      await tx.delete("tenants", "t1");
      await tx.delete("tenants", "missing");
    });

    expect(await tenantIds()).toEqual(["t2"]);
  });

  it.each([
    {
      broken: "a slug",
      columns: ["slug"],
      write: () =>
        store.transaction((tx) => tx.insert("tenants", tenant("t9", { slug: "slug-t1" }))),
    },
    {
      broken: "a slug, by update",
      columns: ["slug"],
      write: () => store.transaction((tx) => tx.update("tenants", "t2", { slug: "slug-t1" })),
    },
    {
      broken: "the primary key",
      columns: ["id"],
      write: () => store.transaction((tx) => tx.insert("tenants", tenant("t1", { slug: "new" }))),
    },
    {
      broken: "a membership pair",
      columns: ["subjectId", "scopeId"],
      write: () =>
        store.transaction((tx) => tx.insert("memberships", membership("m9", "s1", "p1"))),
    },
  ])("rejects a write that breaks $broken and changes nothing", async ({ columns, write }) => {
    await insertTenants(tenant("t1"), tenant("t2"));
    await store.transaction((tx) => tx.insert("memberships", membership("m1", "s1", "p1")));
    const before = await store.read(async (reader) => ({
      tenants: await reader.find("tenants", {}),
      memberships: await reader.find("memberships", {}),
    }));

    const error = await write().catch((caught: unknown) => caught);
    const after = await store.read(async (reader) => ({
      tenants: await reader.find("tenants", {}),
      memberships: await reader.find("memberships", {}),
    }));

    expect(error).toBeInstanceOf(UniqueViolation);
    expect(error).toMatchObject({ columns });
    expect(after).toStrictEqual(before);
  });

  it("keeps a transaction usable after a caught unique violation", async () => {
    await insertTenants(tenant("t1"));

    const outcome = await store.transaction(async (tx) => {
      const error = await tx
        .insert("tenants", tenant("t2", { slug: "slug-t1" }))
        .catch((caught: unknown) => caught);
      await tx.insert("tenants", tenant("t3"));
      return error;
    });

    expect(outcome).toBeInstanceOf(UniqueViolation);
    expect(await tenantIds()).toEqual(["t1", "t3"]);
  });

  it("lets rows whose unique key holds a null coexist", async () => {
    await store.transaction(async (tx) => {
      await tx.insert("subjects", subject("s1"));
      await tx.insert("subjects", subject("s2"));
    });

    const total = await store.read((reader) => reader.count("subjects", { externalId: null }));

    expect(total).toBe(2);
  });

  it("undoes every write of a transaction that throws, and rethrows", async () => {
    await insertTenants(tenant("t1"), tenant("t2"));
    const before = await store.read((reader) => reader.find("tenants", {}));
    const failure = new Error("work failed");

    const result = store.transaction(async (tx) => {
      await tx.insert("tenants", tenant("t3"));
      await tx.update("tenants", "t1", { name: "Changed" });
      await tx.delete("tenants", "t2");
      await tx.insert("apiKeys", apiKey("k1"));
      throw failure;
    });

    await expect(result).rejects.toBe(failure);
    expect(await store.read((reader) => reader.find("tenants", {}))).toStrictEqual(before);
    expect(await store.read((reader) => reader.count("apiKeys", {}))).toBe(0);
  });

  it("hides a running transaction's rows from a concurrent read", async () => {
    const inserted = gate();
    const finish = gate();

    const transaction = store.transaction(async (tx) => {
      await tx.insert("tenants", tenant("t1"));
      inserted.release();
      await finish.opened;
      throw new Error("abandoned");
    });
    await inserted.opened;
    const read = store.read((reader) => reader.get("tenants", "t1"));
    finish.release();

    await expect(transaction).rejects.toThrow("abandoned");
    expect(await read).toBeUndefined();
  });

  if (reads === "after writes") {
    it("runs a read issued during a transaction after it commits", async () => {
      const inserted = gate();
      const finish = gate();
      const order: string[] = [];

      const transaction = store.transaction(async (tx) => {
        await tx.insert("tenants", tenant("t1"));
        inserted.release();
        await finish.opened;
        order.push("commit");
      });
      await inserted.opened;
      const read = store.read(async (reader) => {
        order.push("read");
        return reader.get("tenants", "t1");
      });
      finish.release();
      await transaction;

      expect(await read).toStrictEqual(tenant("t1"));
      expect(order).toEqual(["commit", "read"]);
    });
  }

  if (reads === "beside writes") {
    it("answers a read issued during a transaction at once, from what was committed before", async () => {
      await insertTenants(tenant("t0"));
      const inserted = gate();
      const finish = gate();

      const transaction = store.transaction(async (tx) => {
        await tx.insert("tenants", tenant("t1"));
        await tx.update("tenants", "t0", { name: "Changed" });
        inserted.release();
        await finish.opened;
      });
      await inserted.opened;
      const during = await store.read(async (reader) => ({
        t0: await reader.get("tenants", "t0"),
        t1: await reader.get("tenants", "t1"),
      }));
      finish.release();
      await transaction;
      const after = await store.read((reader) => reader.get("tenants", "t1"));

      expect(during).toStrictEqual({ t0: tenant("t0"), t1: undefined });
      expect(after).toStrictEqual(tenant("t1"));
    });
  }
}
