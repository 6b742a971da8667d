/** Stable error codes, each with the HTTP status it is answered with. */
export const errorStatuses = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  already_exists: 409,
  idempotency_key_reused: 409,
  request_in_progress: 409,
  revision_not_reached: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  cross_tenant_reference: 422,
  invalid_reference: 422,
  tenant_user_limit_reached: 422,
  internal_error: 500,
  unavailable: 503,
} as const;

/** A stable, machine-readable error code. */
export type ErrorCode = keyof typeof errorStatuses;

/** Short human titles per code, shown as problem+json `title`. */
export const errorTitles: Record<ErrorCode, string> = {
  validation_failed: "The request is not valid",
  invalid_json: "The body is not valid JSON",
  unauthorized: "Authentication is required",
  forbidden: "This key may not do that",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  already_exists: "It already exists",
  idempotency_key_reused: "Idempotency-Key reused with another request",
  request_in_progress: "A request with this Idempotency-Key is still being answered",
  revision_not_reached: "That revision has not been reached",
  payload_too_large: "The body is too large",
  unsupported_media_type: "The body must be JSON",
  cross_tenant_reference: "References cross tenants",
  invalid_reference: "A reference does not fit",
  tenant_user_limit_reached: "The tenant's user limit is reached",
  internal_error: "Internal error",
  unavailable: "Not ready",
};

/** One problem with one field of a request. */
export interface FieldIssue {
  code: string;
  /** Where the problem is, such as `body.scopeId` or `body[2].name`. */
  path: string;
  message: string;
}

/** The one error type of Bedrock's operations; the transports render it. */
export class BedrockError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: FieldIssue[] = [],
  ) {
    super(detail);
    this.name = "BedrockError";
    this.status = errorStatuses[code];
  }
}

/** Shorthand for a 404 that says nothing about whether the thing exists elsewhere. */
export function notFound(what: string, id: string): BedrockError {
  return new BedrockError("not_found", `${what} ${id} does not exist`);
}

/** Shorthand for a single-field 400. */
export function invalidField(path: string, message: string, code = "invalid"): BedrockError {
  return new BedrockError("validation_failed", `${path}: ${message}`, [{ code, path, message }]);
}
