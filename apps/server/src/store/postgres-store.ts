import { randomUUID } from "node:crypto";
import { SerialQueue, type Store, type StoreReader, type StoreWriter } from "@bedrock/core";
import { CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { ChangeListener } from "./internal/change-listener.js";
import {
  type ChangeNotice,
  decodeNotice,
  encodeNotice,
  type TouchedIds,
} from "./internal/change-notice.js";
import type { UniqueIndex, UniqueIndexes } from "./internal/postgres-errors.js";
import { PostgresReader } from "./internal/postgres-reader.js";
import { clientConfig, type PostgresTarget, postgresTarget } from "./internal/postgres-target.js";
import { inTransaction, lockWrites } from "./internal/postgres-transaction.js";
import { PostgresWriter } from "./internal/postgres-writer.js";
import { claimSetting, readSetting, writeSetting } from "./internal/settings-table.js";
import type { SqlDatabase } from "./internal/sql-reader.js";
import { migratePostgres } from "./postgres-migrations.js";

export type { ChangeNotice, TouchedIds } from "./internal/change-notice.js";

/** How to reach the database, and how the store uses it. */
export interface PostgresStoreOptions {
  /** A `postgres://` or `postgresql://` URL; `?schema=` names the schema. */
  url: string;
  /** The schema holding Bedrock's tables; wins over the URL's. Default `public`. */
  schema?: string;
  /** The most connections the pool opens. Default 10. */
  maxConnections?: number;
  /** Hears a pooled connection fail; the pool replaces it. */
  onConnectionError?: (error: Error) => void;
}

/** What a store's listener reports; see `PostgresStore.listen`. */
export interface ChangeHandlers {
  /** Another process committed a write. */
  onChange(notice: ChangeNotice): void;
  /** The listening connection dropped: until `onRestored`, changes go unheard. */
  onLost(error: Error): void;
  /** Listening again; what changed while it was down is unknown. */
  onRestored(): void;
}

/** Hears, right after each commit in this process, what it touched. */
export type CommitHandler = (touched: TouchedIds) => void;

const uniqueIndexQuery = sql<{ index: string; table: string; columns: string[] }>`
  SELECT i.relname AS "index", t.relname AS "table",
         array_agg(a.attname::text ORDER BY k.position) AS "columns"
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
  JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
  WHERE x.indisunique AND t.relnamespace = current_schema()::regnamespace
  GROUP BY i.relname, t.relname`;

/**
 * Keeps records in a PostgreSQL schema that several server processes share.
 *
 * Every write transaction first takes one advisory lock of the schema, so
 * writes commit one at a time across all processes: the operations check
 * their rules (free slugs, `maxUsers`) inside the transaction, and those
 * checks hold only if no other write runs beside them. Reads take no lock;
 * each runs in a REPEATABLE READ snapshot, beside writes and other reads.
 *
 * After each write commits, the schema's channel carries a notice of the
 * tenants, subjects and scopes it touched, for the other processes'
 * evaluation indexes; `listen` hears them.
 */
export class PostgresStore implements Store {
  /** Tells this store's notices from other processes'. */
  readonly origin = randomUUID();
  readonly schema: string;
  /** The channel notices are sent on. */
  readonly channel: string;
  // Writes wait their turn here rather than each holding a pooled connection
  // while blocked on the lock: the pool stays free for reads.
  private readonly writes = new SerialQueue();
  private readonly commitHandlers = new Set<CommitHandler>();
  private readonly listeners = new Set<ChangeListener>();

  private constructor(
    private readonly db: Kysely<SqlDatabase>,
    private readonly target: PostgresTarget,
    private readonly uniqueIndexes: UniqueIndexes,
  ) {
    this.schema = target.schema;
    this.channel = target.channel;
  }

  /** Connects, creates the schema if needed and brings it up to date. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const target = postgresTarget(options.url, options.schema);
    const pool = new pg.Pool({
      // Named after the schema, so an operator (or a test) can tell deployments apart.
      ...clientConfig(target, poolName(target.schema)),
      max: options.maxConnections ?? 10,
    });
    // A connection error nobody hears would end the process. Each client
    // reports its own, whether idle or lent out; the pool drops it either way
    // and repeats idle ones, already reported, as its own.
    const reportError = (error: Error) => options.onConnectionError?.(error);
    pool.on("connect", (client) => client.on("error", reportError));
    pool.on("error", () => {});
    const searchPath = CompiledQuery.raw(`SET search_path TO "${target.schema}"`);
    const db = new Kysely<SqlDatabase>({
      dialect: new PostgresDialect({
        pool,
        onCreateConnection: async (connection) => {
          await connection.executeQuery(searchPath);
        },
      }),
    });

    try {
      await migratePostgres(db, target.schema);
      const { rows } = await uniqueIndexQuery.execute(db);
      const indexes = new Map<string, UniqueIndex>(
        rows.map((row) => [row.index, { table: row.table, columns: row.columns }]),
      );
      return new PostgresStore(db, target, indexes);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }

  transaction<R>(work: (tx: StoreWriter) => Promise<R>): Promise<R> {
    return this.writes.run(() =>
      this.db.connection().execute(async (connection) => {
        const writer = new PostgresWriter(connection, this.uniqueIndexes);
        const result = await inTransaction(connection, "BEGIN", async () => {
          // READ COMMITTED, not a snapshot taken before the lock is granted:
          // every statement after it sees the writes committed before.
          await lockWrites(connection, this.schema);
          const value = await work(writer);
          writer.assertUsable();
          if (!writer.touched.isEmpty) {
            // Sent on COMMIT only, so a rolled-back write announces nothing.
            const payload = encodeNotice(this.origin, writer.touched);
            await sql`SELECT pg_notify(${this.channel}, ${payload})`.execute(connection);
          }
          return value;
        });
        for (const handler of this.commitHandlers) handler(writer.touched);
        return result;
      }),
    );
  }

  read<R>(work: (reader: StoreReader) => Promise<R>): Promise<R> {
    return this.db
      .connection()
      .execute((connection) =>
        inTransaction(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", () =>
          work(new PostgresReader(connection)),
        ),
      );
  }

  /** The value stored under `key`, if any. */
  getSetting(key: string): Promise<string | undefined> {
    return readSetting(this.db, key);
  }

  /** Stores `value` under `key`, replacing any previous value. */
  setSetting(key: string, value: string): Promise<void> {
    return writeSetting(this.db, key, value);
  }

  /** Stores `value` under `key` unless one is there; returns the stored value. */
  claimSetting(key: string, value: string): Promise<string> {
    return claimSetting(this.db, key, value);
  }

  /**
   * Calls `handler` after every write this store commits, before the
   * transaction's promise settles. Returns a function that stops it.
   */
  afterCommit(handler: CommitHandler): () => void {
    this.commitHandlers.add(handler);
    return () => this.commitHandlers.delete(handler);
  }

  /**
   * Listens, on a connection of its own, for the writes other processes
   * commit to this schema, and reconnects when that connection drops.
   * Resolves once listening; close it with the returned function.
   */
  async listen(handlers: ChangeHandlers): Promise<() => Promise<void>> {
    const listener = await ChangeListener.start(
      {
        client: clientConfig(this.target, `bedrock-listener-${this.origin}`),
        channel: this.channel,
      },
      {
        onPayload: (payload) => {
          const notice = decodeNotice(payload);
          if (notice.origin !== this.origin) handlers.onChange(notice);
        },
        onLost: (error) => handlers.onLost(error),
        onRestored: () => handlers.onRestored(),
      },
    );
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
      await listener.close();
    };
  }

  /** Stops listening and closes the pool once the queued writes have run. */
  close(): Promise<void> {
    return this.writes.run(async () => {
      await Promise.all([...this.listeners].map((listener) => listener.close()));
      this.listeners.clear();
      await this.db.destroy();
    });
  }
}

/** The application name of a store's pooled connections. */
export function poolName(schema: string): string {
  return `bedrock-${schema}`.slice(0, 63);
}
