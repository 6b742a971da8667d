/** How many scope and record ids the tracker remembers before forgetting the oldest. */
const maxRemembered = 10_000;

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
  const id = text(record.id);
  if (id?.startsWith("tenant_") && typeof record.slug === "string") return id;
  return text(record.defaultTenantId);
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

function remember(map: Map<string, string>, key: string, value: string): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > maxRemembered) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

/**
 * Remembers, per tenant, the highest revision the server has answered with,
 * so that reads can ask for it as `minRevision`. The server's revision is
 * per tenant, so each answer is attributed to its tenant from what it
 * carries; scope → tenant pairs are remembered along the way, since a
 * scope's tenant never changes.
 */
export class RevisionTracker {
  private readonly revisions = new Map<string, number>();
  private readonly scopeTenants = new Map<string, string>();
  private readonly recordTenants = new Map<string, string>();

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

  /** Learns from one answer: the tenants of what it carries, and the revision it was at. */
  observe(request: Request, status: number, revision: number | undefined, body: unknown): void {
    const tenants = new Set<string>();
    for (const record of recordsOf(body)) {
      const tenantId = tenantOfRecord(record);
      if (tenantId === undefined) continue;
      tenants.add(tenantId);
      this.learnIds(record, tenantId);
    }
    if (revision === undefined || status >= 300) return;

    // A delete answers without a body: its record may have been seen before.
    if (tenants.size === 0 && request.method === "DELETE") {
      const id = new URL(request.url).pathname.split("/").pop() ?? "";
      const tenantId = this.recordTenants.get(decodeURIComponent(id));
      if (tenantId !== undefined) tenants.add(tenantId);
    }
    // An answer spanning tenants carries only the highest of their revisions.
    if (tenants.size !== 1) return;
    const [tenantId] = tenants;
    if (tenantId === undefined) return;
    this.revisions.set(tenantId, Math.max(this.revisions.get(tenantId) ?? 0, revision));
  }

  /** Records that a scope belongs to a tenant, as a lookup in that tenant shows. */
  learnScope(scopeId: string, tenantId: string): void {
    remember(this.scopeTenants, scopeId, tenantId);
  }

  private learnIds(record: Json, tenantId: string): void {
    const id = text(record.id);
    if (id !== undefined) remember(this.recordTenants, id, tenantId);
    if (id?.startsWith("scope_")) this.learnScope(id, tenantId);
    for (const key of ["scopeId", "childScopeId"]) {
      const scopeId = text(record[key]);
      if (scopeId !== undefined) this.learnScope(scopeId, tenantId);
    }
  }
}
