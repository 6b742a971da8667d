import { invalidField } from "../errors.js";
import type { StoreReader, Where } from "../store/store.js";
import type { TableName, Tables } from "../store/tables.js";

/** One page of a list and the cursor of the next, null at the end. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Page size when none is asked for, and the most one page may hold. */
export const defaultPageSize = 50;
export const maxPageSize = 200;

// Cursors stay opaque to clients; ids are ASCII, so btoa is enough and runs
// in browsers too, where the mock serves the same handlers.
function encodeCursor(id: string): string {
  return btoa(id).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decodeCursor(cursor: string): string {
  let id = "";
  try {
    id = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    id = "";
  }
  if (id === "" || encodeCursor(id) !== cursor) {
    throw invalidField("query.cursor", "cursor is not one this API returned");
  }
  return id;
}

/**
 * Lists rows in id order, one page at a time. The cursor is the last id
 * returned, so items added between pages are neither repeated nor skipped
 * among those already there.
 */
export async function listPage<T extends TableName>(
  reader: StoreReader,
  table: T,
  where: Where<Tables[T]>,
  request: { limit?: number; cursor?: string },
): Promise<Page<Tables[T]>> {
  const limit = request.limit ?? defaultPageSize;
  const afterId = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
  const rows = await reader.find(table, where, { limit: limit + 1, afterId });
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(last.id) : null;
  return { data, nextCursor };
}
