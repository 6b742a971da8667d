import type * as generated from "./generated/openapi.js";

/** Every path of the Bedrock API and its operations, in the shape openapi-fetch expects. */
export type paths = generated.paths;

/** The API's named schemas, parameters and responses. */
export type components = generated.components;

/** Every operation of the API, keyed by its `operationId`. */
export type operations = generated.operations;

type Schemas = components["schemas"];

/** The query parameters an operation accepts, keyed by `operationId`. */
export type QueryOf<K extends keyof operations> = NonNullable<operations[K]["parameters"]["query"]>;

/** One page of a list, with the cursor that fetches the next or `null` at the end. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** An evaluate request: may this actor, perhaps on behalf of someone, act here? */
export type EvaluateRequest = Schemas["EvaluateRequest"];
/** The subject an evaluation is about: its id and whether it is a `user` or an `agent`. */
export type SubjectRef = Schemas["SubjectRef"];
/** The answer to an evaluate request; a denial is a decision, never an error. */
export type Decision = Schemas["Decision"];
/** The decision of one subject inside a delegated evaluation. */
export type SubjectDecision = Schemas["SubjectDecision"];
/** The stable code that says why a decision came out as it did. */
export type ReasonCode = Schemas["ReasonCode"];
/** The membership, role and permission that allowed a request. */
export type Match = Schemas["Match"];
/** One step of an explained evaluation. */
export type TraceStep = Schemas["TraceStep"];

/** A tenant: the boundary around one customer's scopes and subjects. */
export type Tenant = Schemas["Tenant"];
/** The fields a new tenant is created with. */
export type TenantInput = Schemas["TenantInput"];
/** The tenant fields an update may change. */
export type TenantPatch = Schemas["TenantPatch"];
/** A workspace inside a tenant. */
export type Workspace = Schemas["Workspace"];
/** The fields a new workspace is created with. */
export type WorkspaceInput = Schemas["WorkspaceInput"];
/** The workspace fields an update may change. */
export type WorkspacePatch = Schemas["NamedPatch"];
/** A project inside a workspace, where roles and permissions usually live. */
export type Project = Schemas["Project"];
/** The fields a new project is created with. */
export type ProjectInput = Schemas["ProjectInput"];
/** An environment inside a project, such as Production. */
export type Environment = Schemas["Environment"];
/** The fields a new environment is created with. */
export type EnvironmentInput = Schemas["EnvironmentInput"];
/** The project fields an update may change. */
export type ProjectPatch = Schemas["NamedPatch"];
/** The environment fields an update may change. */
export type EnvironmentPatch = Schemas["NamedPatch"];
/** A node of the scope tree: a tenant, workspace, project or environment. */
export type Scope = Schemas["Scope"];
/** A scope with every scope above it, parent first and the tenant's last. */
export type ScopeWithAncestors = Schemas["ScopeWithAncestors"];

/** A user or agent that can be granted access. */
export type Subject = Schemas["Subject"];
/** The fields a new subject is created with. */
export type SubjectInput = Schemas["SubjectInput"];
/** The subject fields an update may change. */
export type SubjectPatch = Schemas["SubjectPatch"];
/** A user with their profile, backed by a subject. */
export type User = Schemas["User"];
/** The fields a new user is created with. */
export type UserInput = Schemas["UserInput"];
/** The user fields an update may change. */
export type UserPatch = Schemas["UserPatch"];
/** A subject's membership in a scope, which roles are assigned through. */
export type Membership = Schemas["Membership"];
/** The fields a new membership is created with. */
export type MembershipInput = Schemas["MembershipInput"];
/** One membership of a batch create, with the roles to assign through it. */
export type MembershipBatchItem = Schemas["MembershipBatchItem"];
/** A membership as a batch create answers it, with the role assignments made through it. */
export type MembershipWithAssignments = Schemas["MembershipWithAssignments"];

/** A named set of permissions defined at a scope. */
export type Role = Schemas["Role"];
/** The fields a new role is created with. */
export type RoleInput = Schemas["RoleInput"];
/** The role fields an update may change. */
export type RolePatch = Schemas["RolePatch"];
/** A permission granted to a role. */
export type Grant = Schemas["Grant"];
/** An action on a resource type and pattern, defined at a scope. */
export type Permission = Schemas["Permission"];
/** The fields a new permission is created with. */
export type PermissionInput = Schemas["PermissionInput"];
/** A role given to a membership, optionally until it expires. */
export type RoleAssignment = Schemas["RoleAssignment"];
/** The fields a new role assignment is created with. */
export type RoleAssignmentInput = Schemas["RoleAssignmentInput"];
/** The role assignment fields an update may change: when it expires. */
export type RoleAssignmentPatch =
  operations["updateRoleAssignment"]["requestBody"]["content"]["application/json"];

/** A permission switched on or off in a child scope, for every role there. */
export type PermissionOverride = Schemas["PermissionOverride"];
/** The fields that set a permission override. */
export type PermissionOverrideInput = Schemas["PermissionOverrideInput"];
/** A permission switched on or off in a child scope, for one role only. */
export type RolePermissionOverride = Schemas["RolePermissionOverride"];
/** The fields that set a role-permission override. */
export type RolePermissionOverrideInput = Schemas["RolePermissionOverrideInput"];

/** An API key as listed: never its token. */
export type ApiKey = Schemas["ApiKey"];
/** A new API key with its token, which only this answer shows. */
export type CreatedApiKey = Schemas["CreatedApiKey"];
/** The fields a new API key is created with. */
export type ApiKeyInput = Schemas["ApiKeyInput"];
/** The record of one change a write made: the key, the operation, before and after. */
export type AuditEvent = Schemas["AuditEvent"];

/** A batch of up to 1,000 evaluate requests. */
export type EvaluateBatchRequest = Schemas["EvaluateBatchRequest"];

/** Asks which scopes of a kind in a tenant allow a subject an action on a resource type. */
export type ScopeLookupRequest = Schemas["ScopeLookupRequest"];
/** A scope where the subject is allowed, with the grant that allows it there. */
export type ScopeMatch = Schemas["ScopeMatch"];
/** One page of a scope lookup, with the tenant revision it was computed from. */
export type ScopeLookupPage = Schemas["ScopeLookupPage"];
/** Asks which subjects are allowed an action on a resource type at a scope. */
export type SubjectLookupRequest = Schemas["SubjectLookupRequest"];
/** A subject allowed at the scope, with its type and the grant that allows it. */
export type SubjectMatch = Schemas["SubjectMatch"];
/** One page of a subject lookup, with the tenant revision it was computed from. */
export type SubjectLookupPage = Schemas["SubjectLookupPage"];
/** A permission a subject holds at a scope after overrides, with the roles that carry it. */
export type EffectivePermission = Schemas["EffectivePermission"];
/** A role that carries a permission to a subject, and the membership it is assigned through. */
export type PermissionSource = Schemas["PermissionSource"];
/** One page of a subject's effective permissions, with the tenant revision it was computed from. */
export type EffectivePermissionPage = Schemas["EffectivePermissionPage"];
