import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { SerialQueue, type Store, type StoreReader, type StoreWriter } from "@bedrock/core";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { claimSetting, readSetting, writeSetting } from "./internal/settings-table.js";
import type { SqlDatabase } from "./internal/sql-reader.js";
import { SqliteWriter } from "./internal/sqlite-writer.js";
import { migrate } from "./migrations.js";

/** Milliseconds a write waits for another process's lock before failing. */
const busyTimeoutMs = 5000;

/**
 * Keeps records in one SQLite file. Reads and transactions run one at a
 * time, so a read never sees another transaction's uncommitted rows.
 */
export class SqliteStore implements Store {
  private readonly queue = new SerialQueue();
  private readonly db: Kysely<SqlDatabase>;

  private constructor(private readonly file: Database.Database) {
    this.db = new Kysely({ dialect: new SqliteDialect({ database: file }) });
  }

  /** Opens or creates the file at `filePath` and brings its schema up to date. */
  static open(filePath: string): SqliteStore {
    mkdirSync(dirname(filePath), { recursive: true });
    const file = new Database(filePath);
    try {
      file.pragma("journal_mode = WAL");
      // References are checked by the operations; rows may arrive in any order.
      file.pragma("foreign_keys = OFF");
      file.pragma(`busy_timeout = ${busyTimeoutMs}`);
      migrate(file);
    } catch (error) {
      file.close();
      throw error;
    }
    return new SqliteStore(file);
  }

  transaction<R>(work: (tx: StoreWriter) => Promise<R>): Promise<R> {
    // IMMEDIATE takes the write lock up front rather than failing midway.
    return this.queue.run(() => this.within("BEGIN IMMEDIATE", work));
  }

  read<R>(work: (reader: StoreReader) => Promise<R>): Promise<R> {
    // A read transaction sees one snapshot, even if another process writes.
    return this.queue.run(() => this.within("BEGIN", work));
  }

  /** The value stored under `key`, if any. */
  getSetting(key: string): Promise<string | undefined> {
    return this.queue.run(() => readSetting(this.db, key));
  }

  /** Stores `value` under `key`, replacing any previous value. */
  setSetting(key: string, value: string): Promise<void> {
    return this.queue.run(() => writeSetting(this.db, key, value));
  }

  /** Stores `value` under `key` unless one is there; returns the stored value. */
  claimSetting(key: string, value: string): Promise<string> {
    return this.queue.run(() => claimSetting(this.db, key, value));
  }

  /** Closes the file once the queued work has run. */
  close(): Promise<void> {
    return this.queue.run(() => this.db.destroy());
  }

  private within<R>(begin: string, work: (tx: SqliteWriter) => Promise<R>): Promise<R> {
    return this.db.connection().execute(async (connection) => {
      await sql.raw(begin).execute(connection);
      try {
        const result = await work(new SqliteWriter(connection));
        await sql.raw("COMMIT").execute(connection);
        return result;
      } catch (error) {
        // A failed COMMIT may already have ended the transaction.
        if (this.file.inTransaction) await sql.raw("ROLLBACK").execute(connection);
        throw error;
      }
    });
  }
}
