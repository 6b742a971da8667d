export { readConfig, type ServerConfig } from "./config.js";
export { createLogger } from "./logger.js";
export { type RunningServer, sqliteFile, startServer } from "./server.js";
export { PostgresStore, ReplicaSync, SqliteStore } from "./store/index.js";
