import { describe, expect, it } from "vitest";
import { BedrockError } from "../errors.js";
import { collectPage, decodeLookupCursor, encodeLookupCursor } from "./lookup-page.js";

describe("lookup cursors", () => {
  it.each(["scope_project_crm", "subject_ü", "a"])("round-trips the id %s", (id) => {
    const cursor = encodeLookupCursor(id);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeLookupCursor(cursor, "body.cursor")).toBe(id);
  });

  it.each(["", "!!!", "c2NvcGU=", "/w", "_w"])("refuses %j with 400 naming the field", (cursor) => {
    const attempt = () => decodeLookupCursor(cursor, "body.cursor");

    expect(attempt).toThrow(BedrockError);
    expect(attempt).toThrow(expect.objectContaining({ code: "validation_failed" }));
    expect(attempt).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ path: "body.cursor" })] }),
    );
  });
});

describe("collectPage", () => {
  const ids = ["a", "b", "c", "d", "e"];
  const evenOnly = (id: string) => (id === "b" || id === "d" ? id.toUpperCase() : undefined);

  it("keeps what is decided, up to the limit, and a cursor when more remain", () => {
    const page = collectPage(ids, { limit: 1 }, evenOnly);

    expect(page).toEqual({ data: ["B"], nextCursor: encodeLookupCursor("b") });
  });

  it("answers a null cursor when nothing decided remains past the page", () => {
    const page = collectPage(ids, { limit: 1, after: "b" }, evenOnly);

    expect(page).toEqual({ data: ["D"], nextCursor: null });
  });

  it("decides no more candidates than the page needs", () => {
    const decided: string[] = [];

    collectPage(ids, { limit: 1 }, (id) => {
      decided.push(id);
      return id;
    });

    expect(decided).toEqual(["a", "b"]);
  });
});
