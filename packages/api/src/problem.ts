import { BedrockError, errorTitles, type FieldIssue } from "@bedrock/core";
import type { ZodError } from "zod";
import type { ApiResponse } from "./route.js";

/** The media type of every error answer. */
export const problemContentType = "application/problem+json";

/** Renders a Bedrock error as an RFC 9457 problem. */
export function problemResponse(error: BedrockError): ApiResponse {
  const body: Record<string, unknown> = {
    type: `https://bedrock.dev/problems/${error.code.replaceAll("_", "-")}`,
    title: errorTitles[error.code],
    status: error.status,
    detail: error.detail,
    code: error.code,
  };
  if (error.errors.length > 0) body.errors = error.errors;
  return { status: error.status, body, headers: { "content-type": problemContentType } };
}

function pathOf(where: string, path: readonly PropertyKey[]): string {
  let out = where;
  for (const part of path) {
    out += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  }
  return out;
}

/** Turns schema issues into one 400 naming every field. */
export function validationError(where: string, error: ZodError): BedrockError {
  const issues: FieldIssue[] = error.issues.map((issue) => {
    const path = pathOf(where, issue.path);
    const field = path.slice(path.lastIndexOf(".") + 1) || where;
    return { code: issue.code, path, message: `${field}: ${issue.message}` };
  });
  const detail = issues.map((issue) => issue.message).join("; ");
  return new BedrockError("validation_failed", detail, issues);
}
