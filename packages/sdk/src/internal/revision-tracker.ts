/** How many scopes the tracker remembers the tenants of before forgetting the oldest. */
const maxRemembered = 10_000;

/** One `tenant=revision` pair of the `Bedrock-Revisions` header. */
const revisionPair = /^\s*([^\s=,]+)=(\d+)\s*$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The tenant a record belongs to: its `tenantId`, or its own id when it is a tenant. */
function tenantOfRecord(record: Json): string | undefined {
  const tenantId = text(record.tenantId);
  if (tenantId !== undefined) return tenantId;
  return typeof record.slug === "string" ? text(record.id) : undefined;
}

/** The records an answer carries: itself, the items of a page or batch, a scope's ancestors. */
function recordsOf(body: unknown): Json[] {
  if (!isObject(body)) return [];
  const records = [body];
  for (const key of ["data", "ancestors"]) {
    const list = body[key];
    if (Array.isArray(list)) records.push(...list.filter(isObject));
  }
  return records;
}

/** Reads `Bedrock-Revisions: tenant_a=12, tenant_b=7`; undefined when the header is absent. */
function revisionsOf(headers: Headers): Map<string, number> | undefined {
  const header = headers.get("bedrock-revisions");
  if (header === null) return undefined;

  const revisions = new Map<string, number>();
  for (const pair of header.split(",")) {
    const [, tenantId, revision] = revisionPair.exec(pair) ?? [];
    const value = Number(revision);
    if (tenantId !== undefined && Number.isSafeInteger(value)) revisions.set(tenantId, value);
  }
  return revisions;
}

/**
 * Remembers, per tenant, the highest revision the server has answered with,
 * so that reads can ask for it as `minRevision`. A write's answer lists the
 * new revision of every tenant it touched in `Bedrock-Revisions`, and each
 * tenant is credited with its own. Scope → tenant pairs are remembered from
 * the records answers carry, since a scope's tenant never changes.
 */
export class RevisionTracker {
  private readonly revisions = new Map<string, number>();
  private readonly scopeTenants = new Map<string, string>();

  /** Whether any revision has been seen; until then there is nothing to wait for. */
  get empty(): boolean {
    return this.revisions.size === 0;
  }

  /** The highest revision seen for a tenant. */
  revisionOf(tenantId: string): number | undefined {
    return this.revisions.get(tenantId);
  }

  /** The tenant of a scope, when an answer has shown it. */
  tenantOfScope(scopeId: string): string | undefined {
    return this.scopeTenants.get(scopeId);
  }

  /** Learns from one answer: the tenants of the scopes it shows, and the revisions it reports. */
  observe(status: number, headers: Headers, body: unknown): void {
    const tenants = new Set<string>();
    for (const record of recordsOf(body)) {
      const tenantId = tenantOfRecord(record);
      if (tenantId === undefined) continue;
      tenants.add(tenantId);
      this.learnScopesOf(record, tenantId);
    }
    if (status >= 300) return;

    const revisions = revisionsOf(headers);
    if (revisions !== undefined) {
      for (const [tenantId, revision] of revisions) this.raise(tenantId, revision);
      return;
    }

    // TODO: remove once every supported server sends `Bedrock-Revisions`. Until
    // then, an answer without it counts only when its records name one tenant:
    // `Bedrock-Revision` is the highest among the tenants a write touched.
    const revision = Number(headers.get("bedrock-revision") ?? Number.NaN);
    const [tenantId] = tenants;
    if (tenants.size === 1 && tenantId !== undefined && Number.isSafeInteger(revision)) {
      this.raise(tenantId, revision);
    }
  }

  /** Records that a scope belongs to a tenant, as a lookup in that tenant shows. */
  learnScope(scopeId: string, tenantId: string): void {
    this.scopeTenants.delete(scopeId);
    this.scopeTenants.set(scopeId, tenantId);
    if (this.scopeTenants.size <= maxRemembered) return;

    const oldest = this.scopeTenants.keys().next().value;
    if (oldest !== undefined) this.scopeTenants.delete(oldest);
  }

  private raise(tenantId: string, revision: number): void {
    this.revisions.set(tenantId, Math.max(this.revisions.get(tenantId) ?? 0, revision));
  }

  private learnScopesOf(record: Json, tenantId: string): void {
    const id = text(record.id);
    if (id?.startsWith("scope_")) this.learnScope(id, tenantId);
    for (const key of ["scopeId", "childScopeId"]) {
      const scopeId = text(record[key]);
      if (scopeId !== undefined) this.learnScope(scopeId, tenantId);
    }
  }
}
