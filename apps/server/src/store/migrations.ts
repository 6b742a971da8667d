import type { Database } from "better-sqlite3";
import { initialSchema } from "./initial-schema.js";

/** One step of the schema; a version, once released, never changes. */
export interface Migration {
  version: number;
  sql: string;
}

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
    const known = Math.max(0, ...steps.map((step) => step.version));
    const newest = Math.max(0, ...applied);
    if (newest > known) {
      throw new Error(
        `database schema is at version ${newest} but this server knows up to ${known}: upgrade the server`,
      );
    }

    const record = db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
    const pending = steps
      .filter((step) => !applied.has(step.version))
      .sort((a, b) => a.version - b.version);
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
