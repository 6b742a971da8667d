/** Deepest nesting a body may have; real requests need a handful of levels. */
export const maxBodyDepth = 32;

/** What is wrong with a parsed body's shape as a whole, and where. */
export interface BodyProblem {
  path: string;
  code: "too_deep" | "invalid_text" | "reserved_key";
  message: string;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Copied into an object, this key replaces its prototype: refused, not dropped.
const prototypeKey = "__proto__";

function isStorable(text: string): boolean {
  return !text.includes("\u0000") && !loneSurrogate.test(text);
}

/**
 * Walks a parsed JSON body without recursion (it may be arbitrarily deep)
 * and names the first problem: nesting past `maxBodyDepth`, text holding a
 * NUL or a lone surrogate (not every store can keep it), or a reserved key.
 */
export function bodyProblem(value: unknown): BodyProblem | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [
    { value, path: "body", depth: 0 },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { path, depth } = next;
    if (typeof next.value === "string") {
      if (isStorable(next.value)) continue;
      const message = `${path}: text must not hold NUL characters or lone surrogates`;
      return { path, code: "invalid_text", message };
    }
    if (next.value === null || typeof next.value !== "object") continue;
    if (depth >= maxBodyDepth) {
      return { path, code: "too_deep", message: `body: nests deeper than ${maxBodyDepth} levels` };
    }
    if (Array.isArray(next.value)) {
      next.value.forEach((item, index) => {
        pending.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 });
      });
      continue;
    }
    for (const [key, item] of Object.entries(next.value)) {
      if (key === prototypeKey || !isStorable(key)) {
        const message = `${path}: the key "${key.slice(0, 40)}" is not allowed`;
        return { path, code: "reserved_key", message };
      }
      pending.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return undefined;
}
