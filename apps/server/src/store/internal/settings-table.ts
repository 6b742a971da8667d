import type { Kysely } from "kysely";
import type { SqlDatabase } from "./sql-reader.js";

/** The value stored under `key` in the settings table, if any. */
export async function readSetting(
  db: Kysely<SqlDatabase>,
  key: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", key)
    .executeTakeFirst();
  return typeof row?.value === "string" ? row.value : undefined;
}

/** Stores `value` under `key`, replacing any previous value. */
export async function writeSetting(
  db: Kysely<SqlDatabase>,
  key: string,
  value: string,
): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((conflict) => conflict.column("key").doUpdateSet({ value }))
    .execute();
}

/**
 * Stores `value` under `key` unless a value is there already, and returns the
 * value that is stored: the first writer wins, even across processes.
 */
export async function claimSetting(
  db: Kysely<SqlDatabase>,
  key: string,
  value: string,
): Promise<string> {
  await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((conflict) => conflict.column("key").doNothing())
    .execute();
  return (await readSetting(db, key)) ?? value;
}
