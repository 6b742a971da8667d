import type { StoreReader } from "../store/store.js";
import type { TenantSnapshot } from "./tenant-snapshot.js";

/** Reads every record evaluation needs for one tenant, or undefined if it is gone. */
export async function loadTenantSnapshot(
  reader: StoreReader,
  tenantId: string,
): Promise<TenantSnapshot | undefined> {
  const tenant = await reader.get("tenants", tenantId);
  if (tenant === undefined) return undefined;
  const where = { tenantId };
  return {
    tenant,
    scopes: await reader.find("scopes", where),
    memberships: await reader.find("memberships", where),
    roles: await reader.find("roles", where),
    permissions: await reader.find("permissions", where),
    grants: await reader.find("grants", where),
    roleAssignments: await reader.find("roleAssignments", where),
    permissionOverrides: await reader.find("permissionOverrides", where),
    rolePermissionOverrides: await reader.find("rolePermissionOverrides", where),
  };
}
