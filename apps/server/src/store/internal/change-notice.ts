import type { TableName } from "@bedrock/core";

/**
 * What one committed write touched, as other replicas hear of it: enough to
 * know which tenants to reload and which subjects and scopes to read again.
 */
export interface ChangeNotice {
  /** The store instance that wrote; a replica ignores its own notices. */
  origin: string;
  /** Too much changed to name: everything must be read again. */
  everything: boolean;
  tenantIds: string[];
  subjectIds: string[];
  scopeIds: string[];
}

/** A notice that everything may have changed. */
export function everythingChanged(origin: string): ChangeNotice {
  return { origin, everything: true, tenantIds: [], subjectIds: [], scopeIds: [] };
}

/** PostgreSQL refuses notification payloads of 8000 bytes or more. */
export const maxPayloadBytes = 7999;

/**
 * The ids a transaction touched, gathered as it writes. Mirrors what the
 * evaluation index follows: a tenant through its own row or any row that
 * names it, subjects and scopes by id.
 */
export class TouchedIds {
  readonly tenantIds = new Set<string>();
  readonly subjectIds = new Set<string>();
  readonly scopeIds = new Set<string>();

  record(table: TableName, row: { id: string; tenantId?: unknown }): void {
    if (table === "tenants") this.tenantIds.add(row.id);
    else if (typeof row.tenantId === "string") this.tenantIds.add(row.tenantId);
    if (table === "subjects") this.subjectIds.add(row.id);
    if (table === "scopes") this.scopeIds.add(row.id);
  }

  /** Adds what another set touched. */
  merge(other: TouchedIds): void {
    for (const id of other.tenantIds) this.tenantIds.add(id);
    for (const id of other.subjectIds) this.subjectIds.add(id);
    for (const id of other.scopeIds) this.scopeIds.add(id);
  }

  get isEmpty(): boolean {
    return this.tenantIds.size + this.subjectIds.size + this.scopeIds.size === 0;
  }
}

/** The notification payload for `touched`, or "everything" when it would not fit. */
export function encodeNotice(origin: string, touched: TouchedIds): string {
  const named = JSON.stringify({
    origin,
    tenantIds: [...touched.tenantIds],
    subjectIds: [...touched.subjectIds],
    scopeIds: [...touched.scopeIds],
  });
  if (Buffer.byteLength(named) <= maxPayloadBytes) return named;
  return JSON.stringify({ origin, everything: true });
}

function ids(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.every((item) => typeof item === "string") ? value : undefined;
}

/**
 * Reads a payload. One that does not parse is taken as "everything changed",
 * since missing a change is worse than reloading.
 */
export function decodeNotice(payload: string): ChangeNotice {
  const everything = everythingChanged("");
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return everything;
  }
  if (typeof parsed !== "object" || parsed === null) return everything;

  const origin = typeof parsed.origin === "string" ? parsed.origin : "";
  const tenantIds = ids(parsed.tenantIds);
  const subjectIds = ids(parsed.subjectIds);
  const scopeIds = ids(parsed.scopeIds);
  if (parsed.everything === true || !tenantIds || !subjectIds || !scopeIds) {
    return everythingChanged(origin);
  }
  return { origin, everything: false, tenantIds, subjectIds, scopeIds };
}
