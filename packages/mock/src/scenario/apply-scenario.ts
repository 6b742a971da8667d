import {
  adminCaller,
  type Bedrock,
  type Caller,
  createEnvironment,
  createMembership,
  createPermission,
  createProject,
  createRole,
  createRoleAssignment,
  createSubject,
  createTenant,
  createUser,
  createWorkspace,
  grantPermissions,
  loadVisible,
  type Mutation,
  upsertPermissionOverride,
  upsertRolePermissionOverride,
} from "@bedrock/core";
import type { Scenario } from "./scenario.js";
import type { ScenarioOperation, ScenarioStep } from "./scenario-step.js";

type InputOf<O extends ScenarioOperation> = Extract<ScenarioStep, { operation: O }>["input"];
type Operations = {
  [O in ScenarioOperation]: (m: Mutation, caller: Caller, input: InputOf<O>) => Promise<unknown>;
};

// The same operations the API's handlers run, so every rule holds here too.
const operations: Operations = {
  createTenant,
  createWorkspace,
  createProject,
  createEnvironment,
  createPermission,
  createRole,
  grantRolePermissions: async (m, caller, input) => {
    const role = await loadVisible(m, caller, "roles", input.roleId);
    return grantPermissions(m, caller, role, input.permissionIds);
  },
  createUser,
  createSubject,
  createMembership,
  createRoleAssignment,
  upsertPermissionOverride,
  upsertRolePermissionOverride,
};

function run(m: Mutation, caller: Caller, step: ScenarioStep): Promise<unknown> {
  const operation = operations[step.operation] as (
    m: Mutation,
    caller: Caller,
    input: ScenarioStep["input"],
  ) => Promise<unknown>;
  return operation(m, caller, step.input);
}

/**
 * Writes a scenario's steps in order, one transaction each, as `caller`.
 * A step that breaks a rule throws the same `BedrockError` the API would
 * answer with; the steps before it stay written.
 */
export async function applyScenario(
  bedrock: Bedrock,
  scenario: Scenario,
  caller: Caller = adminCaller,
): Promise<void> {
  for (const step of scenario.steps) {
    await bedrock.write(caller, step.operation, (m) => run(m, caller, step));
  }
}
