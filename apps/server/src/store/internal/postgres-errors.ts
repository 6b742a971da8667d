import { BedrockError, type TableName, UniqueViolation } from "@bedrock/core";

/** A unique index of the store's schema: its table and columns, in order. */
export interface UniqueIndex {
  table: string;
  columns: readonly string[];
}

/** The schema's unique indexes by name, primary keys included. */
export type UniqueIndexes = ReadonlyMap<string, UniqueIndex>;

/** Text PostgreSQL cannot hold: a NUL character, or a lone surrogate in JSON. */
const unstorableStates = new Set(["22021", "22P05", "22P02"]);

function fieldOf(error: unknown, name: "code" | "constraint"): string | undefined {
  if (!(error instanceof Error) || !(name in error)) return undefined;
  const value = (error as Error & Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * The store's error for a broken unique index (SQLSTATE 23505), named by
 * the index's columns, or undefined for any other error.
 */
export function asUniqueViolation(
  table: TableName,
  error: unknown,
  indexes: UniqueIndexes,
): UniqueViolation | undefined {
  if (fieldOf(error, "code") !== "23505") return undefined;
  const constraint = fieldOf(error, "constraint") ?? "";
  return new UniqueViolation(table, indexes.get(constraint)?.columns ?? [constraint]);
}

/**
 * A 400 for a value PostgreSQL cannot store, which SQLite would have taken:
 * without it the request would fail as an internal error.
 */
export function asUnstorableValue(error: unknown): BedrockError | undefined {
  const code = fieldOf(error, "code");
  if (code === undefined || !unstorableStates.has(code)) return undefined;
  return new BedrockError(
    "validation_failed",
    "a value holds a character the database cannot store, such as a NUL (\\u0000) or an unpaired surrogate: remove it and retry",
  );
}
