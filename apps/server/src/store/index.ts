export { type ChangeHandlers, PostgresStore, type PostgresStoreOptions } from "./postgres-store.js";
export { ReplicaSync } from "./replica-sync.js";
export { SqliteStore } from "./sqlite-store.js";
