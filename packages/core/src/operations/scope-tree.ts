import { BedrockError, notFound } from "../errors.js";
import type { Scope } from "../model/entities.js";
import type { StoreReader } from "../store/store.js";

/** A scope and its ancestors through parent links, the scope first. */
export async function scopePath(reader: StoreReader, scope: Scope): Promise<Scope[]> {
  const path = [scope];
  let current = scope;
  while (current.parentScopeId !== null && path.length < 16) {
    const parent = await reader.get("scopes", current.parentScopeId);
    if (parent === undefined) break;
    path.push(parent);
    current = parent;
  }
  return path;
}

/** Whether `ancestorId` is `scope` itself or one of its ancestors. */
export async function isSelfOrAncestor(
  reader: StoreReader,
  ancestorId: string,
  scope: Scope,
): Promise<boolean> {
  const path = await scopePath(reader, scope);
  return path.some((s) => s.id === ancestorId);
}

/** Throws 422 cross_tenant_reference unless both records share a tenant. */
export function requireSameTenant(
  a: { tenantId: string | null },
  b: { tenantId: string | null },
  what: string,
): void {
  if (a.tenantId !== null && b.tenantId !== null && a.tenantId !== b.tenantId) {
    throw new BedrockError("cross_tenant_reference", `${what} would cross tenants`);
  }
}

/** Loads a scope or throws 404. */
export async function requireScope(reader: StoreReader, scopeId: string): Promise<Scope> {
  const scope = await reader.get("scopes", scopeId);
  if (scope === undefined) throw notFound("scope", scopeId);
  return scope;
}
