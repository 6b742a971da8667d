import { jsonColumns, type TableName, type Tables, tableColumns } from "@bedrock/core";

/** A value as SQLite stores it. */
export type SqlValue = string | number | null;

/** A row as SQLite returns it. */
export type SqlRow = Record<string, SqlValue>;

/** The SQL name of a table: `roleAssignments` lives in `role_assignments`. */
export function sqlTable(table: TableName): string {
  return table.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function jsonColumnsOf(table: TableName): readonly string[] {
  return (jsonColumns[table] as readonly string[] | undefined) ?? [];
}

/** A record's value as it goes into a column; a JSON null stays SQL NULL. */
export function encodeValue(table: TableName, column: string, value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (jsonColumnsOf(table).includes(column)) return JSON.stringify(value);
  return value as SqlValue;
}

/**
 * A record's fields, ready to be written. Only the table's columns are
 * kept: a stray field must not break a write the memory store accepts.
 */
export function encodeRow(table: TableName, row: object): SqlRow {
  const columns: readonly string[] = tableColumns[table];
  const encoded: SqlRow = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined || !columns.includes(column)) continue;
    encoded[column] = encodeValue(table, column, value);
  }
  return encoded;
}

/**
 * The columns a patch sets, ready to be written; an id in it is left out,
 * since a row's id never changes. Undefined when it sets nothing.
 */
export function encodePatch(table: TableName, patch: object): SqlRow | undefined {
  const { id: _ignored, ...changes } = encodeRow(table, patch);
  return Object.keys(changes).length === 0 ? undefined : changes;
}

/** A stored row turned back into the record that was written. */
export function decodeRow<T extends TableName>(table: T, row: SqlRow): Tables[T] {
  const decoded: Record<string, unknown> = { ...row };
  for (const column of jsonColumnsOf(table)) {
    const text = row[column];
    if (typeof text === "string") decoded[column] = JSON.parse(text);
  }
  // The row was written from a Tables[T], column for column.
  return decoded as unknown as Tables[T];
}
