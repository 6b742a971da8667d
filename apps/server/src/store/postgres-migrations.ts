import { type Kysely, sql } from "kysely";
import { type Migration, pendingMigrations } from "./internal/migration-plan.js";
import { inTransaction, lockWrites } from "./internal/postgres-transaction.js";
import type { SqlDatabase } from "./internal/sql-reader.js";
import { postgresInitialSchema } from "./postgres-schema.js";

/** Every PostgreSQL schema step, in the order they apply. */
export const postgresMigrations: readonly Migration[] = [
  { version: 1, sql: postgresInitialSchema },
];

const createLedger = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL
)`;

/**
 * Creates `schema` if it is missing and applies the migrations it has not
 * seen yet, all in one transaction; returns their versions. The connection's
 * search path must name `schema`.
 */
export function migratePostgres(
  db: Kysely<SqlDatabase>,
  schema: string,
  steps: readonly Migration[] = postgresMigrations,
): Promise<number[]> {
  return db.connection().execute((connection) =>
    inTransaction(connection, "BEGIN", async () => {
      // Under the write lock, replicas starting together migrate one after
      // another, and no write lands halfway through a migration.
      await lockWrites(connection, schema);
      const { rows: found } =
        await sql`SELECT 1 FROM pg_namespace WHERE nspname = ${schema}`.execute(connection);
      if (found.length === 0) await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(connection);
      await sql.raw(createLedger).execute(connection);

      const { rows } = await sql<{
        version: number;
      }>`SELECT version FROM schema_migrations`.execute(connection);
      const pending = pendingMigrations(steps, new Set(rows.map((row) => row.version)));
      for (const step of pending) {
        await sql.raw(step.sql).execute(connection);
        const appliedAt = new Date().toISOString();
        await sql`INSERT INTO schema_migrations (version, applied_at) VALUES (${step.version}, ${appliedAt})`.execute(
          connection,
        );
      }
      return pending.map((step) => step.version);
    }),
  );
}
