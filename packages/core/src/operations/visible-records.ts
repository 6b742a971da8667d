import { BedrockError, notFound } from "../errors.js";
import type { Subject } from "../model/entities.js";
import { owningTenantOf } from "../store/change-set.js";
import type { StoreReader } from "../store/store.js";
import type { TableName, Tables } from "../store/tables.js";
import { type Caller, canSee } from "./caller.js";

/** How each table's records are named in messages. */
export const recordLabels: Record<TableName, string> = {
  tenants: "tenant",
  workspaces: "workspace",
  projects: "project",
  environments: "environment",
  scopes: "scope",
  subjects: "subject",
  users: "user",
  memberships: "membership",
  roles: "role",
  permissions: "permission",
  grants: "grant",
  roleAssignments: "role assignment",
  permissionOverrides: "permission override",
  rolePermissionOverrides: "role-permission override",
  apiKeys: "API key",
  auditEvents: "audit event",
  idempotencyKeys: "idempotency record",
};

/** Whether a tenant-bound caller may see a subject: its home, or a membership. */
export async function subjectVisible(
  reader: StoreReader,
  caller: Caller,
  subject: Subject,
): Promise<boolean> {
  if (caller.tenantId === null) return true;
  if (subject.tenantId !== null) return subject.tenantId === caller.tenantId;
  const where = { subjectId: subject.id, tenantId: caller.tenantId };
  if ((await reader.count("memberships", where)) > 0) return true;
  const users = await reader.find("users", { subjectId: subject.id });
  return users.some((user) => user.defaultTenantId === caller.tenantId);
}

/**
 * Loads a record the caller may see, or throws the same 404 whether it is
 * missing or belongs to another tenant.
 */
export async function loadVisible<T extends TableName>(
  reader: StoreReader,
  caller: Caller,
  table: T,
  id: string,
): Promise<Tables[T]> {
  const row = await reader.get(table, id);
  if (row === undefined) throw notFound(recordLabels[table], id);
  if (table === "subjects") {
    if (!(await subjectVisible(reader, caller, row as Subject))) {
      throw notFound(recordLabels[table], id);
    }
  } else if (table === "users") {
    const user = row as Tables["users"];
    const subject = await reader.get("subjects", user.subjectId);
    const visible = subject !== undefined && (await subjectVisible(reader, caller, subject));
    if (!visible) throw notFound(recordLabels[table], id);
  } else if (!canSee(caller, owningTenantOf(table, row))) {
    throw notFound(recordLabels[table], id);
  }
  return row;
}

/** The home tenant of the subject behind a subject or user record. */
async function homeTenantOf(reader: StoreReader, table: TableName, row: object) {
  if (table === "subjects") return (row as Subject).tenantId;
  const subject = await reader.get("subjects", (row as Tables["users"]).subjectId);
  return subject?.tenantId ?? null;
}

/**
 * Loads a record the caller may change or delete. A tenant-bound key may see
 * a person who also belongs to other tenants, but only a platform key may
 * change or delete a subject whose home is not that key's tenant: otherwise
 * one tenant could disable, rename or remove another tenant's member.
 */
export async function loadChangeable<T extends TableName>(
  reader: StoreReader,
  caller: Caller,
  table: T,
  id: string,
): Promise<Tables[T]> {
  const row = await loadVisible(reader, caller, table, id);
  if (caller.tenantId === null || (table !== "subjects" && table !== "users")) return row;
  if ((await homeTenantOf(reader, table, row)) !== caller.tenantId) {
    const message = `${recordLabels[table]} ${id} may belong to other tenants too; only a platform-wide key may change or delete it`;
    throw new BedrockError("forbidden", message);
  }
  return row;
}
