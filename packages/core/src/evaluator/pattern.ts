/**
 * Whole-string, case-sensitive glob match where `*` stands for any run of
 * characters (including none) and every other character is literal.
 * Greedy with single backtrack point: linear in practice, never exponential.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  if (pattern === "*") return true;

  let p = 0;
  let v = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (v < value.length) {
    const char = pattern.charCodeAt(p);
    if (p < pattern.length && char !== 42 && char === value.charCodeAt(v)) {
      p++;
      v++;
    } else if (p < pattern.length && char === 42) {
      starAt = p++;
      resumeAt = v;
    } else if (starAt !== -1) {
      p = starAt + 1;
      v = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}
