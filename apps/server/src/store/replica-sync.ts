import {
  type Bedrock,
  ChangeSet,
  type Scope,
  SerialQueue,
  type StoreReader,
  type Subject,
} from "@bedrock/core";
import type { Logger } from "pino";
import { type ChangeNotice, everythingChanged, type TouchedIds } from "./internal/change-notice.js";
import type { PostgresStore } from "./postgres-store.js";

const retryMs = { first: 100, most: 5000 };

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A row that is gone, as the index needs it: it reads only the id. */
function removed<Row extends { id: string }>(id: string): Row {
  return { id } as Row;
}

/** The subjects and scopes a notice names, read back as they now are. */
async function changesOf(reader: StoreReader, notice: ChangeNotice): Promise<ChangeSet> {
  const changes = new ChangeSet();
  for (const tenantId of notice.tenantIds) changes.tenantIds.add(tenantId);

  const subjects = new Map<string, Subject>();
  if (notice.subjectIds.length > 0) {
    const rows = await reader.find("subjects", { id: notice.subjectIds });
    for (const row of rows) subjects.set(row.id, row);
  }
  for (const id of notice.subjectIds) {
    const after = subjects.get(id);
    const before = after === undefined ? removed<Subject>(id) : undefined;
    changes.record({ table: "subjects", before, after });
  }

  const scopes = new Map<string, Scope>();
  if (notice.scopeIds.length > 0) {
    for (const row of await reader.find("scopes", { id: notice.scopeIds })) scopes.set(row.id, row);
  }
  for (const id of notice.scopeIds) {
    const after = scopes.get(id);
    const before = after === undefined ? removed<Scope>(id) : undefined;
    changes.record({ table: "scopes", before, after });
  }
  return changes;
}

/**
 * Keeps one server's evaluation index in step with the writes other
 * processes commit to the same PostgreSQL schema. Each notice names the
 * tenants, subjects and scopes a write touched: the subjects and scopes are
 * read back and the tenants marked stale, through the index's `apply`. A
 * notice too large to name them, or a listening connection that dropped
 * (notices sent meanwhile are lost), reloads the whole index.
 *
 * Notices are followed one at a time, each reading the rows as they are by
 * then, so the last one followed leaves the index as the store is.
 */
export class ReplicaSync {
  private readonly queue = new SerialQueue();
  private readonly following: Promise<Bedrock | undefined>;
  private startFollowing: (bedrock: Bedrock | undefined) => void = () => {};
  private stopListening: () => Promise<void> = async () => {};
  private stopWatching: () => void = () => {};
  private closed = false;

  private constructor(
    private readonly store: PostgresStore,
    private readonly logger: Logger,
  ) {
    this.following = new Promise((resolve) => {
      this.startFollowing = resolve;
    });
  }

  /**
   * Starts listening. Open the service afterwards and hand it to `follow`:
   * a write committed in between is then either in what the service loads
   * or in a notice that waits for it.
   */
  static async start(store: PostgresStore, logger: Logger): Promise<ReplicaSync> {
    const sync = new ReplicaSync(store, logger);
    sync.stopWatching = store.afterCommit((touched) => sync.followOwnWrite(touched));
    try {
      sync.stopListening = await store.listen({
        onChange: (notice) => sync.enqueue(notice),
        onLost: (error) =>
          logger.warn({ err: error }, "lost the connection that hears other replicas' writes"),
        onRestored: () => {
          logger.info("hearing other replicas' writes again; reloading the evaluation index");
          sync.enqueue(everythingChanged(store.origin));
        },
      });
    } catch (error) {
      sync.stopWatching();
      throw error;
    }
    return sync;
  }

  /** Applies the notices heard so far, and every later one, to `bedrock`'s index. */
  follow(bedrock: Bedrock): void {
    this.startFollowing(bedrock);
  }

  /** Stops listening; notices not yet followed are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    this.startFollowing(undefined);
    this.stopWatching();
    await this.stopListening();
  }

  /**
   * A write of this process updates the index from the rows it wrote, as it
   * commits, while a notice being followed applies rows read from the store:
   * the two can land in either order, and the later is not always the newer.
   * Reading the write's subjects and scopes again, in turn with the notices,
   * settles them at what the store holds.
   */
  private followOwnWrite(touched: TouchedIds): void {
    if (touched.subjectIds.size + touched.scopeIds.size === 0) return;
    // Its tenants are already stale, and reload from the store.
    this.enqueue({
      origin: this.store.origin,
      everything: false,
      tenantIds: [],
      subjectIds: [...touched.subjectIds],
      scopeIds: [...touched.scopeIds],
    });
  }

  private enqueue(notice: ChangeNotice): void {
    void this.queue.run(async () => {
      const bedrock = await this.following;
      if (bedrock !== undefined) await this.persist(() => this.catchUp(bedrock, notice));
    });
  }

  private async catchUp(bedrock: Bedrock, notice: ChangeNotice): Promise<void> {
    if (notice.everything) {
      await bedrock.index.reset();
      return;
    }
    const changes = await this.store.read((reader) => changesOf(reader, notice));
    if (!this.closed) bedrock.index.apply(changes);
  }

  /** Retries `step` until it succeeds or the sync closes: a skipped notice leaves the index stale. */
  private async persist(step: () => Promise<void>): Promise<void> {
    for (let wait = retryMs.first; !this.closed; wait = Math.min(wait * 2, retryMs.most)) {
      try {
        await step();
        return;
      } catch (error) {
        if (this.closed) return;
        this.logger.error({ err: error }, "could not follow another replica's write; retrying");
        await delay(wait);
      }
    }
  }
}
