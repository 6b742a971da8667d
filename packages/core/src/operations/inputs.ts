import type {
  ApiKeyPermission,
  OverrideState,
  SubjectStatus,
  SubjectType,
  TenantKind,
  TenantStatus,
} from "../model/entities.js";

/** Fields of a new tenant. */
export interface TenantInput {
  id?: string;
  name: string;
  slug: string;
  kind?: TenantKind;
  planKey?: string | null;
  maxUsers?: number | null;
  externalId?: string | null;
  status?: TenantStatus;
}

/** Changeable fields of a tenant. */
export type TenantPatch = Partial<Omit<TenantInput, "id">>;

/** Fields of a new workspace. */
export interface WorkspaceInput {
  id?: string;
  tenantId: string;
  name: string;
  description?: string | null;
}

/** Fields of a new project. */
export interface ProjectInput {
  id?: string;
  tenantId?: string;
  workspaceId: string;
  name: string;
  description?: string | null;
}

/** Fields of a new environment. */
export interface EnvironmentInput {
  id?: string;
  tenantId?: string;
  projectId: string;
  name: string;
  description?: string | null;
}

/** Changeable fields of a workspace, project or environment. */
export interface NamedPatch {
  name?: string;
  description?: string | null;
}

/** Fields of a new subject. */
export interface SubjectInput {
  id?: string;
  subjectType: SubjectType;
  externalId?: string | null;
  displayName?: string | null;
  meta?: Record<string, unknown>;
  status?: SubjectStatus;
  tenantId?: string | null;
}

/** Changeable fields of a subject. */
export interface SubjectPatch {
  displayName?: string | null;
  meta?: Record<string, unknown>;
  status?: SubjectStatus;
}

/** Fields of a new user and its subject. */
export interface UserInput {
  id?: string;
  subjectId?: string;
  kindeId?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  defaultTenantId?: string | null;
  externalId?: string | null;
}

/** Changeable fields of a user. */
export type UserPatch = Partial<Omit<UserInput, "id" | "subjectId">>;

/** Fields of a new membership. */
export interface MembershipInput {
  id?: string;
  subjectId: string;
  scopeId: string;
}

/** Fields of a new role. */
export interface RoleInput {
  id?: string;
  scopeId: string;
  name: string;
  description?: string | null;
  permissionIds?: string[];
}

/** Changeable fields of a role. */
export interface RolePatch {
  name?: string;
  description?: string | null;
}

/** Fields of a new permission. */
export interface PermissionInput {
  id?: string;
  scopeId: string;
  action: string;
  resourceType: string;
  resourcePattern?: string;
  key?: string;
  description?: string | null;
}

/** Fields of a new role assignment. */
export interface RoleAssignmentInput {
  id?: string;
  roleId: string;
  membershipId: string;
  expiresAt?: string | null;
}

/** A permission override to create or update. */
export interface PermissionOverrideInput {
  id?: string;
  childScopeId: string;
  permissionId: string;
  state: OverrideState;
}

/** A role-permission override to create or update. */
export interface RolePermissionOverrideInput extends PermissionOverrideInput {
  roleId: string;
}

/** Fields of a new API key. */
export interface ApiKeyInput {
  id?: string;
  name: string;
  tenantId?: string | null;
  permissions: ApiKeyPermission[];
}
