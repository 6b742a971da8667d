import {
  type Bedrock,
  BedrockError,
  type Caller,
  requireRight,
  UniqueViolation,
} from "@bedrock/core";
import type { ZodType } from "zod";
import { IdempotencyGuard } from "./idempotency.js";
import { Router } from "./internal/router.js";
import { bodyProblem } from "./internal/text-check.js";
import { WriteRecorder } from "./internal/write-recorder.js";
import { problemResponse, validationError } from "./problem.js";
import type { ApiResponse, Route, ServedRequest } from "./route.js";
import { routes as allRoutes } from "./routes/index.js";

/** A request as any transport hands it over. */
export interface ApiRequest {
  method: string;
  /** The path without query string, such as `/tenants/tenant_acme`. */
  path: string;
  /** Query parameters; a name given more than once holds every value (and is refused). */
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | undefined>;
  /** The raw body text, if any. */
  body?: string;
}

/** A request's query parameters as the handler takes them; see `ApiRequest.query`. */
export function queryFrom(search: URLSearchParams): ApiRequest["query"] {
  const query: ApiRequest["query"] = {};
  for (const [name, value] of search) {
    const seen = query[name];
    if (seen === undefined) query[name] = value;
    else query[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

function requireSingleValues(query: ApiRequest["query"]): void {
  const repeated = Object.keys(query).filter((name) => Array.isArray(query[name]));
  if (repeated.length === 0) return;
  const issues = repeated.map((name) => ({
    code: "repeated",
    path: `query.${name}`,
    message: `${name}: give it once; repeated values are ambiguous`,
  }));
  throw new BedrockError("validation_failed", issues.map((i) => i.message).join("; "), issues);
}

/** Maps a bearer token to a caller, or undefined when it is not valid. */
export type Authenticate = (token: string) => Promise<Caller | undefined>;

/** What the handler needs from its host. */
export interface ApiHandlerOptions {
  bedrock: Bedrock;
  authenticate: Authenticate;
  /** Told of every unexpected error; its answer to the client says nothing internal. */
  onUnexpectedError?: (error: unknown, request: ApiRequest) => void;
  routes?: readonly Route[];
}

/** A transport-neutral API: a request in, an answer out. */
export type ApiHandler = (request: ApiRequest) => Promise<ApiResponse>;

/** Largest accepted body, in bytes. */
export const maxBodyBytes = 1024 * 1024;

function parseWith<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (schema === undefined) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(where, parsed.error);
  return parsed.data;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text.trim() === "") return undefined;
  if (new TextEncoder().encode(text).length > maxBodyBytes) {
    throw new BedrockError("payload_too_large", `the body must be at most ${maxBodyBytes} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BedrockError("invalid_json", "the body is not valid JSON");
  }
  const problem = bodyProblem(value);
  if (problem !== undefined) {
    throw new BedrockError("validation_failed", problem.message, [problem]);
  }
  return value;
}

function bearerToken(headers: ApiRequest["headers"]): string | undefined {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

async function authenticateRequest(
  route: Route,
  request: ApiRequest,
  authenticate: Authenticate,
): Promise<Caller> {
  const token = bearerToken(request.headers);
  const caller = token === undefined ? undefined : await authenticate(token);
  if (caller === undefined) {
    throw new BedrockError("unauthorized", "send a valid token as Authorization: Bearer <token>");
  }
  if (route.right !== "public") requireRight(caller, route.right);
  return caller;
}

function unexpected(): ApiResponse {
  return problemResponse(new BedrockError("internal_error", "something went wrong on our side"));
}

/** Builds the handler that the server and the mock both serve. */
export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const router = new Router(options.routes ?? allRoutes);
  const anonymous: Caller = { keyId: null, tenantId: null, rights: [] };
  const idempotency = new IdempotencyGuard(options.bedrock);

  return async (request) => {
    const served: { value?: ServedRequest } = {};
    const head = request.method.toUpperCase() === "HEAD";
    // HEAD is GET without the body, as probes and caches expect.
    const answer = await dispatch(head ? { ...request, method: "GET" } : request, served);
    const shown = head ? { ...answer, body: undefined } : answer;
    return served.value === undefined ? shown : { ...shown, served: served.value };
  };

  async function dispatch(request: ApiRequest, served: { value?: ServedRequest }) {
    try {
      const method = request.method.toLowerCase();
      const match = router.match(method, request.path);
      const route = match.route;
      if (route === undefined) {
        if (match.allowed.length > 0) {
          const allowed = match.allowed.map((m) => m.toUpperCase()).join(", ");
          const error = new BedrockError("method_not_allowed", `use one of: ${allowed}`);
          return {
            ...problemResponse(error),
            headers: { ...problemResponse(error).headers, allow: allowed },
          };
        }
        throw new BedrockError("not_found", `no operation at ${request.method} ${request.path}`);
      }

      const caller =
        route.right === "public"
          ? anonymous
          : await authenticateRequest(route, request, options.authenticate);
      served.value = {
        operationId: route.operationId,
        keyId: caller.keyId,
        tenantId: caller.tenantId,
      };
      const params = parseWith(route.params, match.params, "path");
      requireSingleValues(request.query);
      const query = parseWith(route.query, request.query, "query");
      const rawBody = route.body === undefined ? undefined : parseJson(request.body);
      if (route.body !== undefined && rawBody === undefined) {
        throw new BedrockError("validation_failed", "body: a JSON body is required", [
          { code: "required", path: "body", message: "body: a JSON body is required" },
        ]);
      }
      const body = parseWith(route.body, rawBody, "body");
      const headers = request.headers;
      const perform = async () => {
        const writes = new WriteRecorder(options.bedrock);
        const context = { bedrock: writes.bedrock, caller, params, query, body, headers };
        return writes.annotate(await route.handle(context));
      };
      const key = headers["idempotency-key"];
      // Only writes are made idempotent; a read answers afresh every time.
      const writing = route.method === "post" && route.right === "manage";
      if (key === undefined || !writing) return await perform();
      const replayable = route.replayable ?? true;
      const facts = { method: route.method, path: request.path, body: rawBody, key, replayable };
      return await idempotency.run(caller, facts, perform);
    } catch (error) {
      if (error instanceof BedrockError) return problemResponse(error);
      if (error instanceof UniqueViolation) {
        const detail = `a ${error.table} record with the same ${error.columns.join(", ")} already exists`;
        return problemResponse(new BedrockError("already_exists", detail));
      }
      options.onUnexpectedError?.(error, request);
      return unexpected();
    }
  }
}
