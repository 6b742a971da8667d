/** An action or resource type: 1–64 of `[A-Za-z0-9_.-]`, or exactly `*`. */
export const namePattern = /^(?:\*|[A-Za-z0-9_.-]{1,64})$/;

/** A resource pattern: 1–256 printable ASCII characters; only `*` is special. */
export const resourcePatternPattern = /^[\x20-\x7e]{1,256}$/;

/** A tenant slug: lower-case kebab, 1–63 characters. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Longest accepted tenant slug. */
export const maxSlugLength = 63;

/** The key a permission has when none is given, and the only key it may have. */
export function permissionKeyOf(p: {
  action: string;
  resourceType: string;
  resourcePattern: string;
}): string {
  return `${p.resourceType}:${p.action}:${p.resourcePattern}`;
}
