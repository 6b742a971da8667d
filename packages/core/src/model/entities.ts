/** The kinds of node in the scope tree, root first. */
export type ScopeKind = "tenant" | "workspace" | "project" | "environment";

/** Lifecycle of a tenant: a suspended tenant allows nothing. */
export type TenantStatus = "active" | "suspended";

/** Commercial flavour of a tenant. */
export type TenantKind = "standard" | "sandbox" | "enterprise";

/** Who can hold memberships. */
export type SubjectType = "user" | "agent";

/** A disabled subject is denied everywhere. */
export type SubjectStatus = "active" | "disabled";

/** What an override does to the grants it targets. */
export type OverrideState = "enabled" | "disabled";

/** Timestamps shared by every stored record, as ISO-8601 strings. */
export interface Timestamps {
  createdAt: string;
  updatedAt: string;
}

/** A customer: the isolation boundary. */
export interface Tenant extends Timestamps {
  id: string;
  name: string;
  slug: string;
  kind: TenantKind;
  planKey: string | null;
  maxUsers: number | null;
  externalId: string | null;
  status: TenantStatus;
  scopeId: string;
  revision: number;
}

/** A grouping of projects inside a tenant. */
export interface Workspace extends Timestamps {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  scopeId: string;
}

/** Where roles and permissions normally live. */
export interface Project extends Timestamps {
  id: string;
  tenantId: string;
  workspaceId: string;
  name: string;
  description: string | null;
  scopeId: string;
}

/** A deployment stage of a project, where overrides normally live. */
export interface Environment extends Timestamps {
  id: string;
  tenantId: string;
  projectId: string;
  name: string;
  description: string | null;
  scopeId: string;
}

/** A node of the scope tree; its tenant never changes. */
export interface Scope extends Timestamps {
  id: string;
  tenantId: string;
  kind: ScopeKind;
  entityId: string;
  parentScopeId: string | null;
}

/** Anyone or anything that can be authorized: a person or an agent. */
export interface Subject extends Timestamps {
  id: string;
  subjectType: SubjectType;
  externalId: string | null;
  displayName: string | null;
  meta: Record<string, unknown>;
  status: SubjectStatus;
  tenantId: string | null;
}

/** A person's profile; its subject is what holds memberships. */
export interface User extends Timestamps {
  id: string;
  subjectId: string;
  kindeId: string | null;
  email: string | null;
  /** Lower-cased email, the key that makes emails unique. */
  emailNormalized: string | null;
  firstName: string | null;
  lastName: string | null;
  defaultTenantId: string | null;
  externalId: string | null;
}

/** A subject's place at a scope; roles are assigned through it. */
export interface Membership extends Timestamps {
  id: string;
  subjectId: string;
  scopeId: string;
  tenantId: string;
}

/** A named set of permissions defined at a scope. */
export interface Role extends Timestamps {
  id: string;
  tenantId: string;
  scopeId: string;
  name: string;
  description: string | null;
}

/** An action on a resource type whose ids match a pattern. */
export interface Permission extends Timestamps {
  id: string;
  tenantId: string;
  scopeId: string;
  action: string;
  resourceType: string;
  resourcePattern: string;
  key: string;
  description: string | null;
}

/** A role's hold on a permission. */
export interface Grant extends Timestamps {
  id: string;
  tenantId: string;
  roleId: string;
  permissionId: string;
}

/** A role given to a membership, optionally until a time. */
export interface RoleAssignment extends Timestamps {
  id: string;
  tenantId: string;
  roleId: string;
  membershipId: string;
  expiresAt: string | null;
}

/** Enables or disables one permission below its scope, for every role. */
export interface PermissionOverride extends Timestamps {
  id: string;
  tenantId: string;
  childScopeId: string;
  permissionId: string;
  state: OverrideState;
}

/** Enables or disables one permission of one role below its scope. */
export interface RolePermissionOverride extends Timestamps {
  id: string;
  tenantId: string;
  childScopeId: string;
  roleId: string;
  permissionId: string;
  state: OverrideState;
}

/** The rights an API key can carry. */
export type ApiKeyPermission = "manage" | "evaluate";

/** A credential; only the hash of its token is stored. */
export interface ApiKey extends Timestamps {
  id: string;
  name: string;
  tenantId: string | null;
  permissions: ApiKeyPermission[];
  tokenHash: string;
  tokenPrefix: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A record of one write. */
export interface AuditEvent {
  id: string;
  tenantId: string | null;
  actorKeyId: string | null;
  operation: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  createdAt: string;
}

/** A stored answer to a POST that carried an Idempotency-Key. */
export interface IdempotencyRecord {
  id: string;
  requestHash: string;
  status: number;
  body: unknown;
  createdAt: string;
}
