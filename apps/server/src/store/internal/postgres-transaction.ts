import { type Kysely, sql } from "kysely";
import type { SqlDatabase } from "./sql-reader.js";

/** Tells Bedrock's advisory locks apart from any other application's. */
const lockClass = 0x6264726b;

/**
 * Runs `work` between `begin` and COMMIT on one connection, rolling back
 * when it throws.
 */
export async function inTransaction<R>(
  connection: Kysely<SqlDatabase>,
  begin: string,
  work: () => Promise<R>,
): Promise<R> {
  await sql.raw(begin).execute(connection);
  try {
    const result = await work();
    await sql.raw("COMMIT").execute(connection);
    return result;
  } catch (error) {
    // The connection may be gone, or the COMMIT may have ended the transaction.
    await sql
      .raw("ROLLBACK")
      .execute(connection)
      .catch(() => undefined);
    throw error;
  }
}

/**
 * Waits for, then holds until the transaction ends, the lock that every
 * write to `schema` takes, in this process and every other.
 */
export async function lockWrites(connection: Kysely<SqlDatabase>, schema: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${lockClass}, hashtext(${schema}))`.execute(connection);
}
