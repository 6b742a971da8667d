import { BedrockError, notFound } from "../errors.js";
import type { ApiKeyPermission } from "../model/entities.js";

/** Who is calling: the admin token, or an API key with its binding and rights. */
export interface Caller {
  /** The API key's id; null for the admin token. */
  keyId: string | null;
  /** The one tenant a tenant-bound key may see; null when platform-wide. */
  tenantId: string | null;
  rights: readonly ApiKeyPermission[];
}

/** The platform administrator: every right, every tenant. */
export const adminCaller: Caller = { keyId: null, tenantId: null, rights: ["manage", "evaluate"] };

/** Throws 403 unless the caller holds `right`. */
export function requireRight(caller: Caller, right: ApiKeyPermission): void {
  if (!caller.rights.includes(right)) {
    throw new BedrockError("forbidden", `this key lacks the "${right}" permission`);
  }
}

/** Whether a tenant's records are visible to the caller. */
export function canSee(caller: Caller, tenantId: string | null): boolean {
  return caller.tenantId === null || caller.tenantId === tenantId;
}

/** Throws the same 404 as for a missing record when the tenant is not visible. */
export function requireVisible(caller: Caller, tenantId: string | null, what: string, id: string) {
  if (!canSee(caller, tenantId)) throw notFound(what, id);
}
