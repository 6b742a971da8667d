import { monotonicFactory } from "ulid";

/** The id prefix of each kind of record. */
export const idPrefixes = {
  tenant: "tenant_",
  workspace: "workspace_",
  project: "project_",
  environment: "env_",
  subject: "subject_",
  user: "user_",
  membership: "membership_",
  role: "role_",
  permission: "perm_",
  grant: "grant_",
  roleAssignment: "ra_",
  override: "ovr_",
  apiKey: "key_",
  auditEvent: "audit_",
} as const;

/** A kind of record that has an id prefix. */
export type IdKind = keyof typeof idPrefixes;

const clientIdBody = /^[a-z0-9_-]+$/;

/** Longest accepted id, prefix included. */
export const maxIdLength = 64;

// Monotonic, so ids made within one millisecond still sort in creation order.
const ulid = monotonicFactory();

/** A new sortable id: the prefix, then a lower-case ULID. */
export function generateId(kind: IdKind): string {
  return idPrefixes[kind] + ulid().toLowerCase();
}

/** Why a client-chosen id is refused, or undefined when it is fine. */
export function clientIdProblem(kind: IdKind, id: string): string | undefined {
  const prefix = idPrefixes[kind];
  if (!id.startsWith(prefix) || id.length === prefix.length) {
    return `must start with "${prefix}" followed by at least one character`;
  }
  if (id.length > maxIdLength) return `must be at most ${maxIdLength} characters`;
  if (!clientIdBody.test(id)) return "may hold only lower-case letters, digits, _ and -";
  return undefined;
}

/** The scope-kind word used inside scope ids (`scope_env_…` for environments). */
const scopeIdWord = {
  tenant: "tenant",
  workspace: "workspace",
  project: "project",
  environment: "env",
} as const;

/** The scope id of an entity: its id's suffix after the scope kind's word. */
export function scopeIdFor(kind: keyof typeof scopeIdWord, entityId: string): string {
  const suffix = entityId.slice(idPrefixes[kind].length);
  return `scope_${scopeIdWord[kind]}_${suffix}`;
}
