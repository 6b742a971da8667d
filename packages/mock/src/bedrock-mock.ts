import {
  type ApiHandler,
  type ApiRequest,
  buildOpenApiDocument,
  createApiHandler,
  createKeyAuthenticator,
  problemResponse,
} from "@bedrock/api";
import { Bedrock, BedrockError, hashToken, MemoryStore } from "@bedrock/core";
import { type HttpHandler, http } from "msw";
import { normalizeBaseUrl, toApiRequest, toResponse } from "./internal/http-bridge.js";
import { applyScenario } from "./scenario/apply-scenario.js";
import { defineScenario, type Scenario } from "./scenario/scenario.js";

/** The admin token a mock accepts unless told otherwise. */
export const defaultMockToken = "mock-token";

/** How a mock is set up. */
export interface BedrockMockOptions {
  /** Where the mocked API lives, such as `https://bedrock.test` or `http://localhost:4000/v1`. */
  baseUrl: string;
  /** The records to start from, and to return to on every `reset()`. Empty when absent. */
  scenario?: Scenario;
  /** The admin token to accept as `Authorization: Bearer <token>`; `"mock-token"` by default. */
  token?: string;
  /** Milliseconds since the epoch; lets tests move time, for expiring assignments. */
  clock?: () => number;
  /** Told of every error the API would answer with a 500, with its cause. */
  onUnexpectedError?: (error: unknown, request: ApiRequest) => void;
}

/** A Bedrock API served by MSW over an in-memory store. */
export interface BedrockMock {
  /** The base URL the handlers answer under, without a trailing slash. */
  readonly baseUrl: string;
  /** The admin token the mock accepts. */
  readonly token: string;
  /** One catch-all handler per HTTP method: pass them to `setupServer` or `setupWorker`. */
  readonly handlers: HttpHandler[];
  /** The service behind the handlers, for assertions; available once `ready()` resolves. */
  readonly bedrock: Bedrock;
  /** A fetch that answers as the handlers do, for clients used without MSW. */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** Resolves when the scenario is applied; rejects with the `BedrockError` of a step that failed. */
  ready(): Promise<void>;
  /**
   * Drops every record and replays the scenario on a fresh memory store.
   * A scenario passed here is used for this reset only.
   */
  reset(scenario?: Scenario): Promise<void>;
}

interface MockState {
  bedrock: Bedrock;
  handler: ApiHandler;
}

/** The HTTP methods a catch-all handler is installed for. */
const methods = ["get", "post", "put", "patch", "delete", "head", "options"] as const;

function scenarioFailure(error: unknown): Response {
  const why = error instanceof Error ? error.message : String(error);
  const detail = `the mock's scenario could not be applied: ${why}`;
  return toResponse(problemResponse(new BedrockError("internal_error", detail)));
}

/**
 * Serves the Bedrock API from MSW handlers, with the same handlers and rules
 * as the server, over an in-memory store seeded from a scenario.
 *
 * @example
 * const mock = createBedrockMock({ baseUrl: "https://bedrock.test", scenario: presets.guide() });
 * const server = setupServer(...mock.handlers);
 * const bedrock = createBedrock({ baseUrl: mock.baseUrl, token: mock.token });
 */
export function createBedrockMock(options: BedrockMockOptions): BedrockMock {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const token = options.token ?? defaultMockToken;
  const scenario = options.scenario ?? defineScenario();

  const open = async (seed: Scenario): Promise<MockState> => {
    const bedrock = await Bedrock.open(new MemoryStore(), { clock: options.clock });
    const handler = createApiHandler({
      bedrock,
      authenticate: createKeyAuthenticator(bedrock, await hashToken(token)),
      onUnexpectedError: options.onUnexpectedError,
    });
    await applyScenario(bedrock, seed);
    return { bedrock, handler };
  };

  // The state requests are answered from; replaced, never mutated, by reset().
  let pending: Promise<MockState>;
  let settled: { state: MockState } | { error: unknown } | undefined;
  const start = (seed: Scenario): Promise<MockState> => {
    settled = undefined;
    const opening = open(seed);
    pending = opening;
    opening.then(
      (state) => {
        if (pending === opening) settled = { state };
      },
      (error: unknown) => {
        if (pending === opening) settled = { error };
      },
    );
    return opening;
  };
  start(scenario);

  let openapi: unknown;
  const answer = async (request: Request): Promise<Response> => {
    let state: MockState;
    try {
      state = await pending;
    } catch (error) {
      return scenarioFailure(error);
    }
    const apiRequest = await toApiRequest(request, baseUrl);
    // The server serves its document beside the API; so does the mock.
    if (apiRequest.method === "GET" && apiRequest.path === "/openapi.json") {
      openapi ??= buildOpenApiDocument();
      return toResponse({ status: 200, body: openapi });
    }
    return toResponse(await state.handler(apiRequest));
  };

  const handlers = methods.map((method) =>
    http[method](`${baseUrl}/*`, ({ request }) => answer(request)),
  );

  return {
    baseUrl,
    token,
    handlers,
    get bedrock(): Bedrock {
      if (settled === undefined) {
        throw new Error("the mock is still applying its scenario: await mock.ready() first");
      }
      if ("error" in settled) {
        throw new Error("the mock's scenario could not be applied", { cause: settled.error });
      }
      return settled.state.bedrock;
    },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const inside = request.url === baseUrl || request.url.startsWith(`${baseUrl}/`);
      if (!inside) throw new TypeError(`no Bedrock mock answers ${request.url}`);
      return answer(request);
    },
    ready: async () => {
      await pending;
    },
    reset: async (seed = scenario) => {
      await start(seed);
    },
  };
}
