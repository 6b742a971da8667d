import type {
  EnvironmentInput,
  MembershipInput,
  PermissionInput,
  PermissionOverrideInput,
  ProjectInput,
  RoleAssignmentInput,
  RoleInput,
  RolePermissionOverrideInput,
  SubjectInput,
  TenantInput,
  UserInput,
  WorkspaceInput,
} from "@bedrock/core";

/** The input of a grant: the role, and the permissions it receives. */
export interface GrantInput {
  roleId: string;
  permissionIds: string[];
}

/**
 * One write a scenario makes, named by the API operation that makes the same
 * write and carrying that operation's body, so a scenario reads like the calls
 * a client would send.
 */
export type ScenarioStep =
  | { operation: "createTenant"; input: TenantInput }
  | { operation: "createWorkspace"; input: WorkspaceInput }
  | { operation: "createProject"; input: ProjectInput }
  | { operation: "createEnvironment"; input: EnvironmentInput }
  | { operation: "createPermission"; input: PermissionInput }
  | { operation: "createRole"; input: RoleInput }
  | { operation: "grantRolePermissions"; input: GrantInput }
  | { operation: "createUser"; input: UserInput }
  | { operation: "createSubject"; input: SubjectInput }
  | { operation: "createMembership"; input: MembershipInput }
  | { operation: "createRoleAssignment"; input: RoleAssignmentInput }
  | { operation: "upsertPermissionOverride"; input: PermissionOverrideInput }
  | { operation: "upsertRolePermissionOverride"; input: RolePermissionOverrideInput };

/** The name of a scenario step's operation. */
export type ScenarioOperation = ScenarioStep["operation"];
