/**
 * PostgreSQL's first schema, frozen like the SQLite one: the same tables,
 * columns and unique keys, with JSON values in jsonb and counters in bigint.
 * Timestamps stay text so that records come back exactly as written. Ids sort
 * in the "C" collation, byte by byte, as the other stores order them.
 */
export const postgresInitialSchema = `
CREATE TABLE tenants (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "name" TEXT NOT NULL,
  "slug" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "planKey" TEXT,
  "maxUsers" BIGINT,
  "externalId" TEXT,
  "status" TEXT NOT NULL,
  "scopeId" TEXT NOT NULL,
  "revision" BIGINT NOT NULL,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE workspaces (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "description" TEXT,
  "scopeId" TEXT NOT NULL,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE projects (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT NOT NULL,
  "workspaceId" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "description" TEXT,
  "scopeId" TEXT NOT NULL,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE environments (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "description" TEXT,
  "scopeId" TEXT NOT NULL,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE scopes (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "entityId" TEXT NOT NULL,
  "parentScopeId" TEXT,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE subjects (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "subjectType" TEXT NOT NULL,
  "externalId" TEXT,
  "displayName" TEXT,
  "meta" JSONB NOT NULL,
  "status" TEXT NOT NULL,
  "tenantId" TEXT,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE users (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "subjectId" TEXT NOT NULL,
  "kindeId" TEXT,
  "email" TEXT,
  "emailNormalized" TEXT,
  "firstName" TEXT,
  "lastName" TEXT,
  "defaultTenantId" TEXT,
  "externalId" TEXT,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE memberships (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "subjectId" TEXT NOT NULL,
  "scopeId" TEXT NOT NULL,
  "tenantId" TEXT NOT NULL,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE roles (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT NOT NULL,
  "scopeId" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "description" TEXT,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE permissions (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT NOT NULL,
  "scopeId" TEXT NOT NULL,
  "action" TEXT NOT NULL,
  "resourceType" TEXT NOT NULL,
  "resourcePattern" TEXT NOT NULL,
  "key" TEXT NOT NULL,
  "description" TEXT,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE grants (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT NOT NULL,
  "roleId" TEXT NOT NULL,
  "permissionId" TEXT NOT NULL,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE role_assignments (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT NOT NULL,
  "roleId" TEXT NOT NULL,
  "membershipId" TEXT NOT NULL,
  "expiresAt" TEXT,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE permission_overrides (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT NOT NULL,
  "childScopeId" TEXT NOT NULL,
  "permissionId" TEXT NOT NULL,
  "state" TEXT NOT NULL,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE role_permission_overrides (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT NOT NULL,
  "childScopeId" TEXT NOT NULL,
  "roleId" TEXT NOT NULL,
  "permissionId" TEXT NOT NULL,
  "state" TEXT NOT NULL,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE api_keys (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "name" TEXT NOT NULL,
  "tenantId" TEXT,
  "permissions" JSONB NOT NULL,
  "tokenHash" TEXT NOT NULL,
  "tokenPrefix" TEXT NOT NULL,
  "revokedAt" TEXT,
  "lastUsedAt" TEXT,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);

CREATE TABLE audit_events (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "tenantId" TEXT,
  "actorKeyId" TEXT,
  "operation" TEXT NOT NULL,
  "targetType" TEXT NOT NULL,
  "targetId" TEXT NOT NULL,
  "before" JSONB,
  "after" JSONB,
  "createdAt" TEXT NOT NULL
);

CREATE TABLE idempotency_keys (
  "id" TEXT COLLATE "C" PRIMARY KEY,
  "requestHash" TEXT NOT NULL,
  "status" INTEGER NOT NULL,
  "body" JSONB,
  "createdAt" TEXT NOT NULL
);

CREATE TABLE settings (
  "key" TEXT PRIMARY KEY,
  "value" TEXT NOT NULL
);

-- NULLs are distinct in unique indexes, as in SQLite and the memory store.
CREATE UNIQUE INDEX tenants_slug_key ON tenants ("slug");
CREATE UNIQUE INDEX subjects_external_key ON subjects ("subjectType", "externalId");
CREATE UNIQUE INDEX users_email_key ON users ("emailNormalized");
CREATE UNIQUE INDEX users_subject_key ON users ("subjectId");
CREATE UNIQUE INDEX memberships_key ON memberships ("subjectId", "scopeId");
CREATE UNIQUE INDEX roles_name_key ON roles ("scopeId", "name");
CREATE UNIQUE INDEX permissions_key_key ON permissions ("scopeId", "key");
CREATE UNIQUE INDEX grants_key ON grants ("roleId", "permissionId");
CREATE UNIQUE INDEX role_assignments_key ON role_assignments ("roleId", "membershipId");
CREATE UNIQUE INDEX permission_overrides_key
  ON permission_overrides ("childScopeId", "permissionId");
CREATE UNIQUE INDEX role_permission_overrides_key
  ON role_permission_overrides ("childScopeId", "roleId", "permissionId");
CREATE UNIQUE INDEX api_keys_token_key ON api_keys ("tokenHash");

CREATE INDEX workspaces_tenant ON workspaces ("tenantId");
CREATE INDEX projects_tenant ON projects ("tenantId");
CREATE INDEX environments_tenant ON environments ("tenantId");
CREATE INDEX scopes_tenant ON scopes ("tenantId");
CREATE INDEX subjects_tenant ON subjects ("tenantId");
CREATE INDEX memberships_tenant ON memberships ("tenantId");
CREATE INDEX roles_tenant ON roles ("tenantId");
CREATE INDEX permissions_tenant ON permissions ("tenantId");
CREATE INDEX grants_tenant ON grants ("tenantId");
CREATE INDEX role_assignments_tenant ON role_assignments ("tenantId");
CREATE INDEX permission_overrides_tenant ON permission_overrides ("tenantId");
CREATE INDEX role_permission_overrides_tenant ON role_permission_overrides ("tenantId");
CREATE INDEX api_keys_tenant ON api_keys ("tenantId");
CREATE INDEX audit_events_tenant ON audit_events ("tenantId");

-- Lookups by subjectId (memberships, users), by roleId (grants, role
-- assignments) use the leading column of the unique indexes above.
CREATE INDEX memberships_scope ON memberships ("scopeId");
CREATE INDEX role_assignments_membership ON role_assignments ("membershipId");
CREATE INDEX grants_permission ON grants ("permissionId");
CREATE INDEX audit_events_target ON audit_events ("targetId");
CREATE INDEX scopes_parent ON scopes ("parentScopeId");
CREATE INDEX users_default_tenant ON users ("defaultTenantId");
`;
