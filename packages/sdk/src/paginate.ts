import type { Page } from "./types.js";

/**
 * Follows a list's cursors from the first page to the last, yielding each
 * item in turn; the next page is fetched only when the loop gets to it.
 *
 * @example
 * const roles = paginate((cursor) =>
 *   bedrock.raw.GET("/roles", { params: { query: { cursor } } }).then(({ data }) => data!),
 * );
 * for await (const role of roles) console.log(role.name);
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
