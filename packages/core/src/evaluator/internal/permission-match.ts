import type { ResourceRef } from "../decision.js";
import { matchesPattern } from "../pattern.js";
import type { IndexedPermission } from "../tenant-index.js";

/** Whether a permission covers the resource a request names. */
export function resourceMatches(permission: IndexedPermission, resource: ResourceRef): boolean {
  const wanted = resource.resourceType;
  if (permission.resourceType !== wanted && permission.resourceType !== "*" && wanted !== "*") {
    return false;
  }
  if (resource.resourceId !== undefined) {
    return matchesPattern(permission.resourcePattern, resource.resourceId);
  }
  // Without a resource id only "any resource" grants apply, unless the request
  // itself asks about any resource type.
  return wanted === "*" || permission.resourcePattern === "*";
}

/** A role's permissions whose action covers the asked one: exact names first, then `*`. */
export function candidatePermissions(
  byAction: Map<string, IndexedPermission[]>,
  action: string,
): IndexedPermission[] {
  const exact = byAction.get(action) ?? [];
  if (action === "*") return exact;
  const wildcard = byAction.get("*");
  return wildcard === undefined ? exact : exact.concat(wildcard);
}
