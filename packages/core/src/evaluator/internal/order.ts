/** Orders ids by UTF-16 code units, the order the stores list rows and lookups page in. */
export function byId(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
