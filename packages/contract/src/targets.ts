import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBedrockMock } from "@bedrock/mock";
import { createLogger, type RunningServer, readConfig, startServer } from "@bedrock/server";
import { setupServer } from "msw/node";

/** Where one fresh, empty Bedrock answers, and how to reach it. */
export interface Endpoint {
  baseUrl: string;
  token: string;
  fetch: (request: Request) => Promise<Response>;
}

/** Something the contract runs against: the real server or the mock. */
export interface Target {
  name: string;
  /** Prepares the target before its tests. */
  setUp(): Promise<void>;
  /** Empty state for one test. */
  fresh(): Promise<Endpoint>;
  /** Releases whatever the target holds. */
  tearDown(): Promise<void>;
}

const adminToken = "contract-admin-token";

/** The server on a free port with its SQLite store, restarted empty for every test. */
export function serverTarget(): Target {
  let running: RunningServer | undefined;
  let dataDir: string | undefined;

  const stop = async () => {
    await running?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    running = undefined;
    dataDir = undefined;
  };

  return {
    name: "server",
    async setUp() {},
    async fresh() {
      await stop();
      dataDir = await mkdtemp(join(tmpdir(), "bedrock-contract-"));
      const config = readConfig({
        PORT: "0",
        BEDROCK_DATA_DIR: dataDir,
        BEDROCK_ADMIN_TOKEN: adminToken,
      });
      running = await startServer(config, createLogger("silent"));
      return { baseUrl: running.url, token: adminToken, fetch: (request) => fetch(request) };
    },
    tearDown: stop,
  };
}

/** The mock behind msw/node, reset to empty for every test. */
export function mockTarget(): Target {
  const mock = createBedrockMock({ baseUrl: "https://bedrock.contract.test", token: adminToken });
  const server = setupServer(...mock.handlers);

  return {
    name: "mock",
    async setUp() {
      server.listen({ onUnhandledRequest: "error" });
    },
    async fresh() {
      await mock.reset();
      // Looked up per call: msw replaces the global fetch while it listens.
      return {
        baseUrl: mock.baseUrl,
        token: mock.token,
        fetch: (request) => globalThis.fetch(request),
      };
    },
    async tearDown() {
      server.close();
    },
  };
}
