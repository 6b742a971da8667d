import type {
  ApiKey,
  AuditEvent,
  Environment,
  Grant,
  IdempotencyRecord,
  Membership,
  Permission,
  PermissionOverride,
  Project,
  Role,
  RoleAssignment,
  RolePermissionOverride,
  Scope,
  Subject,
  Tenant,
  User,
  Workspace,
} from "../model/entities.js";

/** Every stored record type, by table name. */
export interface Tables {
  tenants: Tenant;
  workspaces: Workspace;
  projects: Project;
  environments: Environment;
  scopes: Scope;
  subjects: Subject;
  users: User;
  memberships: Membership;
  roles: Role;
  permissions: Permission;
  grants: Grant;
  roleAssignments: RoleAssignment;
  permissionOverrides: PermissionOverride;
  rolePermissionOverrides: RolePermissionOverride;
  apiKeys: ApiKey;
  auditEvents: AuditEvent;
  idempotencyKeys: IdempotencyRecord;
}

/** A table's name. */
export type TableName = keyof Tables;

/** Tables whose rows belong to one tenant through a `tenantId` column. */
export const tenantOwnedTables = [
  "workspaces",
  "projects",
  "environments",
  "scopes",
  "memberships",
  "roles",
  "permissions",
  "grants",
  "roleAssignments",
  "permissionOverrides",
  "rolePermissionOverrides",
] as const satisfies readonly TableName[];

/** Columns holding JSON values rather than scalars. */
export const jsonColumns: { readonly [T in TableName]?: readonly (keyof Tables[T])[] } = {
  subjects: ["meta"],
  apiKeys: ["permissions"],
  auditEvents: ["before", "after"],
  idempotencyKeys: ["body"],
};

/** The column names of each table, in a stable order. */
export const tableColumns: { readonly [T in TableName]: readonly (keyof Tables[T] & string)[] } = {
  tenants: [
    "id",
    "name",
    "slug",
    "kind",
    "planKey",
    "maxUsers",
    "externalId",
    "status",
    "scopeId",
    "revision",
    "createdAt",
    "updatedAt",
  ],
  workspaces: ["id", "tenantId", "name", "description", "scopeId", "createdAt", "updatedAt"],
  projects: [
    "id",
    "tenantId",
    "workspaceId",
    "name",
    "description",
    "scopeId",
    "createdAt",
    "updatedAt",
  ],
  environments: [
    "id",
    "tenantId",
    "projectId",
    "name",
    "description",
    "scopeId",
    "createdAt",
    "updatedAt",
  ],
  scopes: ["id", "tenantId", "kind", "entityId", "parentScopeId", "createdAt", "updatedAt"],
  subjects: [
    "id",
    "subjectType",
    "externalId",
    "displayName",
    "meta",
    "status",
    "tenantId",
    "createdAt",
    "updatedAt",
  ],
  users: [
    "id",
    "subjectId",
    "kindeId",
    "email",
    "emailNormalized",
    "firstName",
    "lastName",
    "defaultTenantId",
    "externalId",
    "createdAt",
    "updatedAt",
  ],
  memberships: ["id", "subjectId", "scopeId", "tenantId", "createdAt", "updatedAt"],
  roles: ["id", "tenantId", "scopeId", "name", "description", "createdAt", "updatedAt"],
  permissions: [
    "id",
    "tenantId",
    "scopeId",
    "action",
    "resourceType",
    "resourcePattern",
    "key",
    "description",
    "createdAt",
    "updatedAt",
  ],
  grants: ["id", "tenantId", "roleId", "permissionId", "createdAt", "updatedAt"],
  roleAssignments: [
    "id",
    "tenantId",
    "roleId",
    "membershipId",
    "expiresAt",
    "createdAt",
    "updatedAt",
  ],
  permissionOverrides: [
    "id",
    "tenantId",
    "childScopeId",
    "permissionId",
    "state",
    "createdAt",
    "updatedAt",
  ],
  rolePermissionOverrides: [
    "id",
    "tenantId",
    "childScopeId",
    "roleId",
    "permissionId",
    "state",
    "createdAt",
    "updatedAt",
  ],
  apiKeys: [
    "id",
    "name",
    "tenantId",
    "permissions",
    "tokenHash",
    "tokenPrefix",
    "revokedAt",
    "lastUsedAt",
    "createdAt",
    "updatedAt",
  ],
  auditEvents: [
    "id",
    "tenantId",
    "actorKeyId",
    "operation",
    "targetType",
    "targetId",
    "before",
    "after",
    "createdAt",
  ],
  idempotencyKeys: ["id", "requestHash", "status", "body", "createdAt"],
};

/**
 * Natural keys that must stay unique, per table. A store enforces them as a
 * last line of defence; the operations check them first to answer clearly.
 */
export const uniqueKeys: { readonly [T in TableName]?: readonly (keyof Tables[T] & string)[][] } = {
  tenants: [["slug"]],
  subjects: [["subjectType", "externalId"]],
  users: [["emailNormalized"], ["subjectId"]],
  memberships: [["subjectId", "scopeId"]],
  roles: [["scopeId", "name"]],
  permissions: [["scopeId", "key"]],
  grants: [["roleId", "permissionId"]],
  roleAssignments: [["roleId", "membershipId"]],
  permissionOverrides: [["childScopeId", "permissionId"]],
  rolePermissionOverrides: [["childScopeId", "roleId", "permissionId"]],
  apiKeys: [["tokenHash"]],
};
