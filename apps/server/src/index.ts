export { readConfig, type ServerConfig } from "./config.js";
export { createLogger } from "./logger.js";
export { type RunningServer, startServer } from "./server.js";
export { openStorage, sqliteFile } from "./storage.js";
export { PostgresStore, ReplicaSync, SqliteStore } from "./store/index.js";
