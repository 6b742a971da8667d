import type {
  Grant,
  Membership,
  Permission,
  PermissionOverride,
  Role,
  RoleAssignment,
  RolePermissionOverride,
  Scope,
  Tenant,
} from "../model/entities.js";

/** Every record of one tenant that evaluation needs, as stored. */
export interface TenantSnapshot {
  tenant: Tenant;
  scopes: Scope[];
  memberships: Membership[];
  roles: Role[];
  permissions: Permission[];
  grants: Grant[];
  roleAssignments: RoleAssignment[];
  permissionOverrides: PermissionOverride[];
  rolePermissionOverrides: RolePermissionOverride[];
}
