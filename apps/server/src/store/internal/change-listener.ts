import pg from "pg";

/** What a listener reports. */
export interface ChangeListenerEvents {
  /** A notification on the channel, as its payload. */
  onPayload(payload: string): void;
  /** The connection dropped; notifications sent meanwhile are lost. */
  onLost(error: Error): void;
  /** Listening again after a drop. */
  onRestored(): void;
}

/** How a listener connects and how hard it watches its connection. */
export interface ChangeListenerOptions {
  client: pg.ClientConfig;
  channel: string;
  /** How often an idle connection is checked; a dead one is only noticed then. */
  heartbeatMs?: number;
  /** The first wait before reconnecting; it doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * LISTENs on a channel over its own connection (a pooled one would drop the
 * subscription when returned) and reconnects whenever that connection fails.
 */
export class ChangeListener {
  private client: pg.Client | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly options: ChangeListenerOptions,
    private readonly events: ChangeListenerEvents,
  ) {}

  /** Connects and listens; fails if the first connection cannot be made. */
  static async start(
    options: ChangeListenerOptions,
    events: ChangeListenerEvents,
  ): Promise<ChangeListener> {
    const listener = new ChangeListener(options, events);
    await listener.connect();
    return listener;
  }

  /** Stops listening and closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const { heartbeatMs = 10_000 } = this.options;
    const client = new pg.Client({ ...this.options.client, query_timeout: heartbeatMs });
    client.on("notification", (message) => {
      if (message.channel === this.options.channel) this.events.onPayload(message.payload ?? "");
    });
    client.on("error", (error) => this.drop(client, error));
    client.on("end", () => this.drop(client, new Error("the listening connection closed")));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.options.channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }

    this.client = client;
    this.heartbeat = setInterval(() => {
      client.query("SELECT 1").catch((error: Error) => this.drop(client, error));
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  /** Forgets a failed connection and starts reconnecting; later reports of it are ignored. */
  private drop(client: pg.Client, error: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    clearInterval(this.heartbeat);
    client.end().catch(() => undefined);
    this.events.onLost(error);
    this.reconnect(this.options.retryMs ?? 100);
  }

  private reconnect(delayMs: number): void {
    this.retry = setTimeout(async () => {
      try {
        await this.connect();
      } catch (error) {
        if (this.closed) return;
        this.events.onLost(error instanceof Error ? error : new Error(String(error)));
        this.reconnect(Math.min(delayMs * 2, this.options.maxRetryMs ?? 5000));
        return;
      }
      if (!this.closed) this.events.onRestored();
    }, delayMs);
    this.retry.unref();
  }
}
