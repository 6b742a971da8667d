import { join } from "node:path";
import type { Store } from "@bedrock/core";
import type { Logger } from "pino";
import type { SettingsStore } from "./auth/admin-token.js";
import type { ServerConfig } from "./config.js";
import { PostgresStore, SqliteStore } from "./store/index.js";
import { isPostgresUrl, redactUrl } from "./store/internal/postgres-target.js";

/** The file the embedded store lives in. */
export function sqliteFile(dataDir: string): string {
  return join(dataDir, "bedrock.sqlite");
}

/**
 * Opens the store the configuration names, its schema brought up to date:
 * PostgreSQL for a `postgres://` DATABASE_URL, else the SQLite file.
 */
export async function openStorage(
  config: ServerConfig,
  logger: Logger,
): Promise<Store & SettingsStore> {
  const url = config.databaseUrl;
  if (url === undefined) {
    const file = sqliteFile(config.dataDir);
    logger.info({ store: "sqlite", file }, "using the embedded SQLite store");
    return SqliteStore.open(file);
  }
  if (!isPostgresUrl(url)) {
    // The value may hold a password: name its scheme at most.
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0];
    const given = scheme === undefined ? "a value without a URL scheme" : `"${scheme}"`;
    throw new Error(
      `DATABASE_URL must start with postgres:// or postgresql:// to select PostgreSQL, not ${given}; unset it to use the embedded SQLite store`,
    );
  }
  const store = await PostgresStore.open({
    url,
    onConnectionError: (error) =>
      logger.warn({ err: error }, "a pooled PostgreSQL connection failed"),
  });
  logger.info(
    { store: "postgres", database: redactUrl(url), schema: store.schema },
    "using the PostgreSQL store",
  );
  return store;
}
