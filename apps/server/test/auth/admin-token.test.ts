import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashToken } from "@bedrock/core";
import { afterEach, describe, expect, it } from "vitest";
import { resolveAdminToken } from "../../src/auth/admin-token.js";
import { SqliteStore } from "../../src/store/index.js";

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function storesOnOneFile(count: number): SqliteStore[] {
  const dir = mkdtempSync(join(tmpdir(), "bedrock-admin-"));
  dirs.push(dir);
  return Array.from({ length: count }, () => SqliteStore.open(join(dir, "bedrock.sqlite")));
}

describe("resolveAdminToken", () => {
  it("prefers the token from the environment and stores nothing", async () => {
    const [store] = storesOnOneFile(1);

    const token = await resolveAdminToken(store as SqliteStore, "from-env");

    expect(token).toEqual({ hash: await hashToken("from-env") });
    expect(await store?.getSetting("admin_token_hash")).toBeUndefined();
    await store?.close();
  });

  it("lets exactly one of several processes starting together generate and print a token", async () => {
    const stores = storesOnOneFile(4);

    const answers = await Promise.all(stores.map((store) => resolveAdminToken(store, undefined)));

    const generated = answers.filter((answer) => answer.generated !== undefined);
    expect(generated).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.hash)).size).toBe(1);
    expect(answers[0]?.hash).toBe(await hashToken(generated[0]?.generated ?? ""));
    await Promise.all(stores.map((store) => store.close()));
  });
});
