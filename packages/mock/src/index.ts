export {
  type BedrockMock,
  type BedrockMockOptions,
  createBedrockMock,
  defaultMockToken,
} from "./bedrock-mock.js";
export { presets } from "./presets/index.js";
export type {
  AssignmentOptions,
  MembershipHandle,
  MembershipOptions,
  PermissionHandle,
  RoleHandle,
  ScopeRef,
  SubjectHandle,
  UserHandle,
} from "./scenario/access-handles.js";
export { applyScenario } from "./scenario/apply-scenario.js";
export type { Ref } from "./scenario/plan.js";
export {
  defineScenario,
  type ExistingRecords,
  type Scenario,
  type ScenarioBuilder,
} from "./scenario/scenario.js";
export type { GrantInput, ScenarioOperation, ScenarioStep } from "./scenario/scenario-step.js";
export type {
  AgentFields,
  EnvironmentHandle,
  NamedFields,
  OverrideOptions,
  PermissionFields,
  ProjectHandle,
  RoleFields,
  ScopeHandle,
  TenantFields,
  TenantHandle,
  UserFields,
  WorkspaceHandle,
} from "./scenario/scope-handles.js";
