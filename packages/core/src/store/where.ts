import type { Where } from "./store.js";

/** Whether `row` satisfies every equality filter of `where`. */
export function matchesWhere<Row>(row: Row, where: Where<Row>): boolean {
  for (const key of Object.keys(where) as (keyof Row)[]) {
    const expected = where[key];
    if (expected === undefined) continue;
    const actual = row[key];
    if (Array.isArray(expected)) {
      if (!expected.includes(actual)) return false;
    } else if (actual !== expected) {
      return false;
    }
  }
  return true;
}
