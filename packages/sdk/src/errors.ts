import type { components } from "./generated/openapi.js";

/** An RFC 9457 problem as the API answers it, with a stable `code`. */
export type Problem = components["schemas"]["Problem"];

/** One problem with one field of a request, such as `body.scopeId`. */
export type FieldIssue = NonNullable<Problem["errors"]>[number];

/**
 * The codes the SDK raises itself: `network_error` when no answer arrived,
 * `unexpected_response` when the answer was not what the API promises.
 */
export type ClientErrorCode = "network_error" | "unexpected_response";

interface BedrockApiErrorInit {
  status: number;
  code: string;
  detail: string;
  errors?: readonly FieldIssue[];
  problem?: Problem;
  cause?: unknown;
}

/** A call to the Bedrock API that failed, with the problem the server sent back. */
export class BedrockApiError extends Error {
  /** The HTTP status; 0 when no readable answer arrived. */
  readonly status: number;
  /** The server's stable code, such as `validation_failed`, or a {@link ClientErrorCode}. */
  readonly code: string;
  /** What went wrong, in words. */
  readonly detail: string;
  /** The field issues of a rejected request; empty when there are none. */
  readonly errors: readonly FieldIssue[];
  /** The whole problem body, when the server sent one. */
  readonly problem: Problem | undefined;

  constructor(init: BedrockApiErrorInit) {
    super(`${init.code} (${init.status}): ${init.detail}`, { cause: init.cause });
    this.name = "BedrockApiError";
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.problem = init.problem;
  }

  /** Builds the error for an answer that was not a success. */
  static fromResponse(response: Response, body: unknown): BedrockApiError {
    if (isProblem(body)) {
      return new BedrockApiError({
        status: response.status,
        code: body.code,
        detail: body.detail,
        errors: body.errors,
        problem: body,
      });
    }

    return new BedrockApiError({
      status: response.status,
      code: "unexpected_response",
      detail: `${response.status} ${response.statusText} without a problem body: check that baseUrl points at a Bedrock server`,
    });
  }

  /** Builds the error for an answer whose body could not be read. */
  static unreadable(cause: unknown): BedrockApiError {
    return new BedrockApiError({
      status: 0,
      code: "unexpected_response",
      detail: `the answer could not be read (${messageOf(cause)}): check that baseUrl points at a Bedrock server`,
      cause,
    });
  }

  /** Builds the error for a request that got no answer at all. */
  static fromNetwork(cause: unknown): BedrockApiError {
    return new BedrockApiError({
      status: 0,
      code: "network_error",
      detail: `the request got no answer (${messageOf(cause)}): check baseUrl and that the server is reachable`,
      cause,
    });
  }
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== "object" || body === null) return false;

  const candidate = body as Partial<Record<keyof Problem, unknown>>;
  if (typeof candidate.code !== "string" || typeof candidate.status !== "number") return false;
  if (typeof candidate.detail !== "string") return false;
  return candidate.errors === undefined || Array.isArray(candidate.errors);
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
