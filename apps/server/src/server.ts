import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildOpenApiDocument, createApiHandler, createKeyAuthenticator } from "@bedrock/api";
import { Bedrock, type Store } from "@bedrock/core";
import type { Express } from "express";
import type { Logger } from "pino";
import { resolveAdminToken, type SettingsStore } from "./auth/admin-token.js";
import type { ServerConfig } from "./config.js";
import { createApp } from "./http/app.js";
import { createMetrics } from "./http/metrics.js";
import { openStorage } from "./storage.js";
import { PostgresStore, ReplicaSync } from "./store/index.js";

/** A running server and how to stop it. */
export interface RunningServer {
  url: string;
  port: number;
  bedrock: Bedrock;
  /** The admin token, when this start generated it. */
  generatedAdminToken: string | undefined;
  close(): Promise<void>;
}

/** The store a server runs on, and what keeps it in step with other replicas. */
interface OpenedStore {
  store: Store & SettingsStore;
  sync?: ReplicaSync;
}

async function openStore(config: ServerConfig, logger: Logger): Promise<OpenedStore> {
  const store = await openStorage(config, logger);
  if (!(store instanceof PostgresStore)) return { store };
  try {
    return { store, sync: await ReplicaSync.start(store, logger) };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Opens the store, builds the app and listens. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const opened = await openStore(config, logger);
  try {
    return await serve(config, logger, opened);
  } catch (error) {
    await closeStore(opened);
    throw error;
  }
}

async function closeStore({ store, sync }: OpenedStore): Promise<void> {
  await sync?.close();
  await store.close();
}

async function serve(
  config: ServerConfig,
  logger: Logger,
  { store, sync }: OpenedStore,
): Promise<RunningServer> {
  const bedrock = await Bedrock.open(store);
  // Opened after the listener started, so no write falls between the two.
  sync?.follow(bedrock);
  // The admin token is settled only once the port is ours, so a start that
  // fails to listen never generates (and loses) a token it could not print.
  let adminHash: string | undefined;
  const handler = createApiHandler({
    bedrock,
    authenticate: createKeyAuthenticator(bedrock, () => adminHash),
    onUnexpectedError: (error, request) =>
      logger.error({ err: error, method: request.method, path: request.path }, "unexpected error"),
  });
  const app = createApp({
    handler,
    logger,
    metrics: createMetrics(),
    openapi: buildOpenApiDocument(),
  });

  const server = await listen(app, config);
  const admin = await resolveAdminToken(store, config.adminToken);
  adminHash = admin.hash;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${config.host}:${port}`,
    port,
    bedrock,
    generatedAdminToken: admin.generated,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeStore({ store, sync });
    },
  };
}

function listen(app: Express, config: ServerConfig): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Express 5 hands a listen error to this callback rather than throwing it.
    const server = app.listen(config.port, config.host, (error?: Error) => {
      if (error === undefined) {
        resolve(server);
        return;
      }
      const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
      const reason = inUse
        ? `port ${config.port} on ${config.host} is already in use: set PORT to a free one`
        : `cannot listen on ${config.host}:${config.port}: ${error.message}`;
      reject(new Error(reason, { cause: error }));
    });
  });
}
