import { type TableName, UniqueViolation } from "@bedrock/core";

const uniqueCodes = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"]);

function sqliteCode(error: unknown): unknown {
  return error instanceof Error && "code" in error ? error.code : undefined;
}

/**
 * The store's error for a SQLite unique-constraint failure, or undefined
 * for any other error. SQLite names the columns in its message, as in
 * "UNIQUE constraint failed: memberships.subjectId, memberships.scopeId".
 */
export function asUniqueViolation(table: TableName, error: unknown): UniqueViolation | undefined {
  const code = sqliteCode(error);
  if (typeof code !== "string" || !uniqueCodes.has(code)) return undefined;
  if (code === "SQLITE_CONSTRAINT_PRIMARYKEY") return new UniqueViolation(table, ["id"]);

  const message = error instanceof Error ? error.message : "";
  const qualified = message.slice(message.indexOf(":") + 1).split(",");
  const columns = qualified.map((name) => name.trim().split(".").pop() ?? name);
  return new UniqueViolation(table, columns);
}
