import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { OpenApiDocument } from "./operation-coverage.js";

/** The API's OpenAPI document as it is on disk now, so new operations count at once. */
export function loadApiDocument(): OpenApiDocument {
  const file = createRequire(import.meta.url).resolve("@bedrock/api/openapi.json");
  return JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument;
}
