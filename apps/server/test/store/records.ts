import type { ApiKey, Membership, Scope, Subject, Tenant } from "@bedrock/core";

/** The timestamp every test record carries. */
export const at = "2026-01-01T00:00:00.000Z";

export function tenant(id: string, fields: Partial<Tenant> = {}): Tenant {
  return {
    id,
    name: `Tenant ${id}`,
    slug: `slug-${id}`,
    kind: "standard",
    planKey: null,
    maxUsers: null,
    externalId: null,
    status: "active",
    scopeId: `scope-${id}`,
    revision: 1,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

export function subject(id: string, fields: Partial<Subject> = {}): Subject {
  return {
    id,
    subjectType: "agent",
    externalId: null,
    displayName: null,
    meta: { team: { name: "ops", tags: ["a", "b"] }, level: 3, active: true, none: null },
    status: "active",
    tenantId: null,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

export function apiKey(id: string): ApiKey {
  return {
    id,
    name: "deploy",
    tenantId: "t1",
    permissions: ["manage", "evaluate"],
    tokenHash: `hash-${id}`,
    tokenPrefix: "bk_",
    revokedAt: null,
    lastUsedAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

export function membership(id: string, subjectId: string, scopeId: string): Membership {
  return { id, subjectId, scopeId, tenantId: "t1", createdAt: at, updatedAt: at };
}

/** A tenant's root scope. */
export function tenantScope(id: string, tenantId: string): Scope {
  return {
    id,
    tenantId,
    kind: "tenant",
    entityId: tenantId,
    parentScopeId: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Resolves once `release` is called; lets a test hold a transaction open. */
export function gate(): { opened: Promise<void>; release: () => void } {
  let release = () => {};
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { opened, release };
}
