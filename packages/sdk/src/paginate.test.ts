import { describe, expect, it } from "vitest";
import { paginate } from "./paginate.js";
import type { Page } from "./types.js";

function pagesOf(...pages: Page<number>[]) {
  const asked: (string | undefined)[] = [];
  const items = paginate(async (cursor) => {
    asked.push(cursor);
    const page = pages.shift();
    if (page === undefined) throw new Error("asked past the last page");
    return page;
  });
  return { items, asked };
}

describe("paginate", () => {
  it("yields every item of every page, passing each cursor back", async () => {
    const { items, asked } = pagesOf(
      { data: [1, 2], nextCursor: "a" },
      { data: [], nextCursor: "b" },
      { data: [3], nextCursor: null },
    );

    const seen: number[] = [];
    for await (const item of items) seen.push(item);

    expect(seen).toEqual([1, 2, 3]);
    expect(asked).toEqual([undefined, "a", "b"]);
  });

  it("asks for no page after the loop stops", async () => {
    const { items, asked } = pagesOf({ data: [1, 2], nextCursor: "a" });

    for await (const item of items) if (item === 1) break;

    expect(asked).toEqual([undefined]);
  });
});
