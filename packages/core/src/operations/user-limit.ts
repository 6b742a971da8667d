import { BedrockError } from "../errors.js";
import type { StoreReader } from "../store/store.js";

/**
 * The distinct users of a tenant: user subjects holding a membership in any of
 * its scopes or naming it as their default tenant. Agents do not count.
 */
export async function tenantUserIds(reader: StoreReader, tenantId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const memberships = await reader.find("memberships", { tenantId });
  const memberIds = [...new Set(memberships.map((m) => m.subjectId))];
  if (memberIds.length > 0) {
    const subjects = await reader.find("subjects", { id: memberIds, subjectType: "user" });
    for (const subject of subjects) ids.add(subject.id);
  }
  for (const user of await reader.find("users", { defaultTenantId: tenantId })) {
    ids.add(user.subjectId);
  }
  return ids;
}

/** How many users a tenant has. */
export async function countTenantUsers(reader: StoreReader, tenantId: string): Promise<number> {
  return (await tenantUserIds(reader, tenantId)).size;
}

/**
 * Throws 422 when adding this user subject to the tenant would take it past
 * `maxUsers`. Runs inside the writing transaction, so concurrent writers are
 * counted one after another.
 */
export async function requireUserSlot(
  reader: StoreReader,
  tenantId: string,
  subjectId: string,
): Promise<void> {
  const tenant = await reader.get("tenants", tenantId);
  if (tenant === undefined || tenant.maxUsers === null) return;
  const users = await tenantUserIds(reader, tenantId);
  if (users.has(subjectId)) return;
  if (users.size + 1 > tenant.maxUsers) {
    const message = `tenant ${tenantId} already has its limit of ${tenant.maxUsers} users`;
    throw new BedrockError("tenant_user_limit_reached", message);
  }
}
