import { scopeIdFor } from "@bedrock/core";
import {
  MembershipHandle,
  PermissionHandle,
  RoleHandle,
  SubjectHandle,
  type UserHandle,
} from "./access-handles.js";
import type { Plan } from "./plan.js";
import type { ScenarioStep } from "./scenario-step.js";
import {
  type AgentFields,
  declareAgent,
  declareTenant,
  declareUser,
  EnvironmentHandle,
  ProjectHandle,
  type TenantFields,
  TenantHandle,
  type UserFields,
  WorkspaceHandle,
} from "./scope-handles.js";

/** Handles for records declared elsewhere, such as in the scenario being extended. */
export interface ExistingRecords {
  tenant(id: string): TenantHandle;
  workspace(id: string): WorkspaceHandle;
  project(id: string): ProjectHandle;
  environment(id: string): EnvironmentHandle;
  role(id: string): RoleHandle;
  /** The key is unknown for an existing permission and left empty. */
  permission(id: string): PermissionHandle;
  user(subjectId: string): SubjectHandle;
  agent(subjectId: string): SubjectHandle;
  membership(id: string): MembershipHandle;
}

/** What a scenario is declared with; every method returns a handle to declare more with. */
export interface ScenarioBuilder {
  /** Declares a tenant; the name and slug default to the id's suffix. */
  tenant(id: string, fields?: TenantFields): TenantHandle;
  /** Declares a user record and its subject, named by the subject id evaluations use. */
  user(subjectId: string, fields?: UserFields): UserHandle;
  /** Declares an agent with no home tenant, as the admin token would create it. */
  agent(subjectId: string, fields?: AgentFields): SubjectHandle;
  /** Handles for records an earlier scenario declared. */
  readonly existing: ExistingRecords;
}

/** A declared set of records, applied in order through Bedrock's own operations. */
export interface Scenario {
  /** The writes the scenario makes, in order. */
  readonly steps: readonly ScenarioStep[];
  /** A new scenario with this one's steps followed by more. */
  extend(build: (s: ScenarioBuilder) => void): Scenario;
}

function existing(plan: Plan): ExistingRecords {
  return {
    tenant: (id) => new TenantHandle(plan, id, scopeIdFor("tenant", id)),
    workspace: (id) => new WorkspaceHandle(plan, id, scopeIdFor("workspace", id)),
    project: (id) => new ProjectHandle(plan, id, scopeIdFor("project", id)),
    environment: (id) => new EnvironmentHandle(plan, id, scopeIdFor("environment", id)),
    role: (id) => new RoleHandle(plan, id),
    permission: (id) => new PermissionHandle(id, ""),
    user: (subjectId) => new SubjectHandle(plan, subjectId, "user"),
    agent: (subjectId) => new SubjectHandle(plan, subjectId, "agent"),
    membership: (id) => new MembershipHandle(plan, id),
  };
}

function builderFor(plan: Plan): ScenarioBuilder {
  return {
    tenant: (id, fields = {}) => declareTenant(plan, id, fields),
    user: (subjectId, fields = {}) => declareUser(plan, subjectId, fields),
    agent: (subjectId, fields = {}) => declareAgent(plan, subjectId, fields),
    existing: existing(plan),
  };
}

function scenarioOf(steps: readonly ScenarioStep[]): Scenario {
  return Object.freeze({
    steps: Object.freeze([...steps]),
    extend(build: (s: ScenarioBuilder) => void): Scenario {
      const more = [...steps];
      build(builderFor({ add: (step) => more.push(step) }));
      return scenarioOf(more);
    },
  });
}

/**
 * Declares tenants, their scope trees, roles, permissions, subjects,
 * memberships and overrides with readable ids.
 *
 * @example
 * const shop = defineScenario((s) => {
 *   const crm = s.tenant("tenant_acme").workspace("workspace_main").project("project_crm");
 *   const read = crm.permission("perm_read", "customer:read:*");
 *   const viewer = crm.role("role_viewer", { name: "Viewer", permissions: [read] });
 *   s.user("subject_ann", { email: "ann@acme.com" }).memberOf(crm, { roles: [viewer] });
 * });
 */
export function defineScenario(build: (s: ScenarioBuilder) => void = () => {}): Scenario {
  return scenarioOf([]).extend(build);
}
