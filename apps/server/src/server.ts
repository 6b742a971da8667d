import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { buildOpenApiDocument, createApiHandler, createKeyAuthenticator } from "@bedrock/api";
import { Bedrock, type Store } from "@bedrock/core";
import type { Logger } from "pino";
import { resolveAdminToken } from "./auth/admin-token.js";
import type { ServerConfig } from "./config.js";
import { createApp } from "./http/app.js";
import { createMetrics } from "./http/metrics.js";
import { SqliteStore } from "./store/index.js";

/** A running server and how to stop it. */
export interface RunningServer {
  url: string;
  port: number;
  bedrock: Bedrock;
  /** The admin token, when this start generated it. */
  generatedAdminToken: string | undefined;
  close(): Promise<void>;
}

/** The file the embedded store lives in. */
export function sqliteFile(dataDir: string): string {
  return join(dataDir, "bedrock.sqlite");
}

function openStore(config: ServerConfig): SqliteStore {
  if (config.databaseUrl !== undefined) {
    // TODO(PostgreSQL store): remove once the PostgreSQL store ships.
    throw new Error(
      "DATABASE_URL is reserved for the PostgreSQL store, which is not available yet",
    );
  }
  return SqliteStore.open(sqliteFile(config.dataDir));
}

/** Opens the store, builds the app and listens. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const store = openStore(config);
  const bedrock = await Bedrock.open(store);
  const admin = await resolveAdminToken(store, config.adminToken);
  const handler = createApiHandler({
    bedrock,
    authenticate: createKeyAuthenticator(bedrock, admin.hash),
    onUnexpectedError: (error, request) =>
      logger.error({ err: error, method: request.method, path: request.path }, "unexpected error"),
  });
  const app = createApp({
    handler,
    logger,
    metrics: createMetrics(),
    openapi: buildOpenApiDocument(),
  });

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${config.host}:${port}`,
    port,
    bedrock,
    generatedAdminToken: admin.generated,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeStore(store);
    },
  };
}

async function closeStore(store: Store): Promise<void> {
  await store.close();
}
