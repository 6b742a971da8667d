/**
 * The path of the first string (or key) in a JSON value that holds a NUL or
 * a lone surrogate, or undefined. Such text cannot be stored by every store
 * (PostgreSQL refuses both), so it is refused up front, the same everywhere.
 */
export function illFormedTextAt(value: unknown, path = "body"): string | undefined {
  if (typeof value === "string") return isStorable(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = illFormedTextAt(item, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (!isStorable(key)) return path;
    const found = illFormedTextAt(item, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isStorable(text: string): boolean {
  return !text.includes("\u0000") && !loneSurrogate.test(text);
}
