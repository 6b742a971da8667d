import type { Database } from "better-sqlite3";
import { initialSchema } from "./initial-schema.js";
import { type Migration, pendingMigrations } from "./internal/migration-plan.js";

export type { Migration } from "./internal/migration-plan.js";

/** Every schema step, in the order they apply. */
export const migrations: readonly Migration[] = [{ version: 1, sql: initialSchema }];

const createLedger = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL
)`;

/**
 * Applies the migrations `db` has not seen yet, all in one transaction,
 * and returns their versions. Running it again applies nothing.
 */
export function migrate(db: Database, steps: readonly Migration[] = migrations): number[] {
  const apply = db.transaction(() => {
    db.exec(createLedger);
    const applied = new Set(
      db.prepare("SELECT version FROM schema_migrations").pluck().all() as number[],
    );
    const pending = pendingMigrations(steps, applied);

    const record = db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
    for (const step of pending) {
      db.exec(step.sql);
      record.run(step.version, new Date().toISOString());
    }
    return pending.map((step) => step.version);
  });

  // IMMEDIATE takes the write lock first, so two processes opening the same
  // file cannot both decide a migration is pending.
  return apply.immediate();
}
