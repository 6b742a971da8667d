import { invalidField } from "../errors.js";

/** One page of a lookup, the cursor of the next (null at the end) and the revision read. */
export interface LookupPage<T> {
  data: T[];
  nextCursor: string | null;
  /** The tenant revision the page was computed from; 0 when nothing was visible. */
  revision: number;
}

/** How much of a lookup to answer: at most `limit` items after the cursor's id. */
export interface PageRequest {
  limit?: number;
  /** The decoded cursor: only ids sorting after this one are considered. */
  after?: string;
}

/** Items per lookup page when none is asked for. */
export const defaultLookupLimit = 50;

/** The most items one lookup page may hold, as many as a batch of checks. */
export const maxLookupLimit = 1000;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** The opaque cursor that resumes a lookup after `id`. */
export function encodeLookupCursor(id: string): string {
  let binary = "";
  for (const byte of encoder.encode(id)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * The id a lookup cursor resumes after. Throws a 400 naming `path` when the
 * cursor is not one a lookup returned.
 */
export function decodeLookupCursor(cursor: string, path: string): string {
  let id = "";
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    id = decoder.decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    id = "";
  }
  if (id === "" || encodeLookupCursor(id) !== cursor) {
    throw invalidField(path, "cursor is not one this API returned; start again without it");
  }
  return id;
}

/**
 * Walks candidate ids in order from after the cursor, keeping what `decide`
 * answers, until one item past the limit shows there is a next page. Items
 * are decided only as far as the page needs, so a large candidate list costs
 * little when the first page fills early.
 */
export function collectPage<T>(
  candidates: Iterable<string>,
  page: PageRequest,
  decide: (id: string) => T | undefined,
): { data: T[]; nextCursor: string | null } {
  const limit = Math.max(1, page.limit ?? defaultLookupLimit);
  const data: T[] = [];
  let lastId: string | undefined;
  for (const id of candidates) {
    if (page.after !== undefined && id <= page.after) continue;
    const item = decide(id);
    if (item === undefined) continue;
    if (data.length === limit && lastId !== undefined) {
      return { data, nextCursor: encodeLookupCursor(lastId) };
    }
    data.push(item);
    lastId = id;
  }
  return { data, nextCursor: null };
}
