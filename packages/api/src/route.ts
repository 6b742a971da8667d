import type { Bedrock, Caller } from "@bedrock/core";
import type { z } from "./schemas/zod.js";

/** An HTTP method the API uses. */
export type Method = "get" | "post" | "patch" | "put" | "delete";

/** A transport-neutral answer. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** What was served to whom, for the transport's logs and metrics; never sent. */
  served?: ServedRequest;
}

/** The operation a request reached and the credential it came with. */
export interface ServedRequest {
  operationId: string;
  keyId: string | null;
  tenantId: string | null;
}

/** What a handler receives: validated input and who is calling. */
export interface HandlerContext<P, Q, B> {
  bedrock: Bedrock;
  caller: Caller;
  params: P;
  query: Q;
  body: B;
  headers: Record<string, string | undefined>;
}

/** A documented response of an operation. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
}

type Shape = z.ZodObject<z.ZodRawShape>;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One operation: its path, schemas and handler, the single source for docs and routing. */
export interface Route<
  P extends Shape | undefined = Shape | undefined,
  Q extends Shape | undefined = Shape | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  operationId: string;
  method: Method;
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /**
   * Whether an `Idempotency-Key` retry may replay the first answer. False
   * for answers holding a secret shown once: the secret is never stored, and
   * a retry is refused, naming what was created.
   */
  replayable?: boolean;
  /** The right the caller needs; "public" routes need no token. */
  right: "manage" | "evaluate" | "public";
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, ResponseSpec>;
  handle(context: HandlerContext<Infer<P>, Infer<Q>, Infer<B>>): Promise<ApiResponse>;
}

/** Declares a route with its handler's input types inferred from its schemas. */
export function defineRoute<
  P extends Shape | undefined = undefined,
  Q extends Shape | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(route: Route<P, Q, B>): Route {
  return route as unknown as Route;
}

/** A JSON answer with an optional revision header. */
export function json(status: number, body: unknown, revision?: number): ApiResponse {
  const headers: Record<string, string> = {};
  if (revision !== undefined) headers["bedrock-revision"] = String(revision);
  return { status, body, headers };
}
