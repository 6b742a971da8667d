import { randomUUID } from "node:crypto";
import {
  type ApiHandler,
  type ApiRequest,
  type ApiResponse,
  maxBodyBytes,
  problemResponse,
  queryFrom,
} from "@bedrock/api";
import { BedrockError } from "@bedrock/core";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import { docsRouter } from "./docs.js";
import type { Metrics } from "./metrics.js";

/** What the HTTP layer is built from. */
export interface AppOptions {
  handler: ApiHandler;
  logger: Logger;
  metrics: Metrics;
  openapi: unknown;
}

function headersOf(req: Request): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function send(res: Response, status: number, body: unknown, headers: Record<string, string>) {
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body === undefined || status === 204) {
    res.end();
    return;
  }
  if (!res.hasHeader("content-type")) res.setHeader("content-type", "application/json");
  res.send(JSON.stringify(body));
}

/**
 * The Express app: bodies are read as text whatever their content type (the
 * guide's curl calls send none), then the shared handler answers.
 */
export function createApp(options: AppOptions): Express {
  const { handler, logger, metrics } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);

  app.use((req, res, next) => {
    const requestId = req.get("x-request-id") ?? randomUUID();
    res.setHeader("x-request-id", requestId);
    res.locals.log = logger.child({ requestId });
    res.locals.startedAt = process.hrtime.bigint();
    next();
  });

  app.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(docsRouter(options.openapi));
  app.use(express.text({ type: () => true, limit: maxBodyBytes }));

  app.use(async (req, res) => {
    const request: ApiRequest = {
      method: req.method,
      path: req.path,
      query: queryFrom(new URL(req.originalUrl, "http://localhost").searchParams),
      headers: headersOf(req),
      body: typeof req.body === "string" ? req.body : undefined,
    };
    const answer = await handler(request);
    send(res, answer.status, answer.body, answer.headers ?? {});
    record(res, req, answer, metrics);
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = bodyReadingProblem(error);
    if (problem === "aborted") {
      res.end();
      return;
    }
    if (problem === undefined) {
      (res.locals.log as Logger).error({ err: error }, "request failed");
    }
    const answer = problemResponse(
      problem ?? new BedrockError("internal_error", "something went wrong on our side"),
    );
    send(res, answer.status, answer.body, answer.headers ?? {});
    record(res, req, answer, metrics);
  });

  return app;
}

/**
 * The client's mistake behind an error raised while reading a body (too
 * large, an encoding that is unknown or does not decode), or undefined when
 * the error is ours.
 */
function bodyReadingProblem(error: unknown): BedrockError | "aborted" | undefined {
  const { type, status } = error as { type?: string; status?: number };
  if (type === "request.aborted") return "aborted";
  if (type === "entity.too.large" || status === 413) {
    return new BedrockError("payload_too_large", `the body must be at most ${maxBodyBytes} bytes`);
  }
  if (status === 415 || type === "encoding.unsupported" || type === "charset.unsupported") {
    const detail = "send the body as UTF-8 JSON, uncompressed or gzip";
    return new BedrockError("unsupported_media_type", detail);
  }
  if (typeof status === "number" && status >= 400 && status < 500) {
    const detail = "the body could not be read: check its Content-Encoding";
    return new BedrockError("invalid_json", detail);
  }
  const code = (error as { code?: string }).code;
  if (typeof code === "string" && code.startsWith("Z_")) {
    const detail = "the body does not decode with its Content-Encoding";
    return new BedrockError("invalid_json", detail);
  }
  return undefined;
}

function problemDetail(answer: ApiResponse): string | undefined {
  return (answer.body as { detail?: string } | undefined)?.detail;
}

function record(res: Response, req: Request, answer: ApiResponse, metrics: Metrics) {
  const started = res.locals.startedAt as bigint;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const log = res.locals.log as Logger;
  const { status, served } = answer;
  const code = (answer.body as { code?: string } | undefined)?.code;
  const line = {
    method: req.method,
    path: req.path,
    status,
    ms: Math.round(seconds * 1e4) / 10,
    operationId: served?.operationId,
    keyId: served?.keyId,
    tenantId: served?.tenantId,
  };
  if (status === 503) log.warn({ ...line, detail: problemDetail(answer) }, "not ready");
  else if (status >= 500) log.error(line, "request failed");
  else if (status >= 400) log.info({ ...line, code }, "request refused");
  else log.debug(line, "request served");

  // Operation ids keep the label set bounded whatever ids the paths carry.
  const route = served?.operationId ?? "unmatched";
  metrics.requests.observe({ method: req.method, route, status }, seconds);
  const decision = (answer.body as { decision?: string } | undefined)?.decision;
  if (served?.operationId === "evaluate" && decision !== undefined) {
    metrics.decisions.inc({ decision });
  }
}
