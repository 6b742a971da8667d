import type { Environment, Project, ScopeKind, Workspace } from "../model/entities.js";
import { scopeIdFor } from "../model/ids.js";
import type { Caller } from "./caller.js";
import { takeId } from "./ids.js";
import type { EnvironmentInput, ProjectInput, WorkspaceInput } from "./inputs.js";
import type { Mutation } from "./mutation.js";
import { requireSameTenant } from "./scope-tree.js";
import { loadVisible } from "./visible-records.js";

async function insertScope(
  m: Mutation,
  kind: Exclude<ScopeKind, "tenant">,
  entity: { id: string; tenantId: string },
  parentScopeId: string,
): Promise<string> {
  const scopeId = scopeIdFor(kind, entity.id);
  await m.insert("scopes", {
    id: scopeId,
    tenantId: entity.tenantId,
    kind,
    entityId: entity.id,
    parentScopeId,
    createdAt: m.now,
    updatedAt: m.now,
  });
  return scopeId;
}

/** Creates a workspace under a tenant, with its scope. */
export async function createWorkspace(m: Mutation, caller: Caller, input: WorkspaceInput) {
  const tenant = await loadVisible(m, caller, "tenants", input.tenantId);
  const id = await takeId(m, "workspaces", "workspace", input.id);
  const workspace: Workspace = {
    id,
    tenantId: tenant.id,
    name: input.name,
    description: input.description ?? null,
    scopeId: "",
    createdAt: m.now,
    updatedAt: m.now,
  };
  workspace.scopeId = await insertScope(m, "workspace", workspace, tenant.scopeId);
  return m.insert("workspaces", workspace);
}

/** Creates a project under a workspace, with its scope. */
export async function createProject(m: Mutation, caller: Caller, input: ProjectInput) {
  const workspace = await loadVisible(m, caller, "workspaces", input.workspaceId);
  if (input.tenantId !== undefined) {
    requireSameTenant({ tenantId: input.tenantId }, workspace, "the project's workspace");
  }
  const id = await takeId(m, "projects", "project", input.id);
  const project: Project = {
    id,
    tenantId: workspace.tenantId,
    workspaceId: workspace.id,
    name: input.name,
    description: input.description ?? null,
    scopeId: "",
    createdAt: m.now,
    updatedAt: m.now,
  };
  project.scopeId = await insertScope(m, "project", project, workspace.scopeId);
  return m.insert("projects", project);
}

/** Creates an environment under a project, with its scope. */
export async function createEnvironment(m: Mutation, caller: Caller, input: EnvironmentInput) {
  const project = await loadVisible(m, caller, "projects", input.projectId);
  if (input.tenantId !== undefined) {
    requireSameTenant({ tenantId: input.tenantId }, project, "the environment's project");
  }
  const id = await takeId(m, "environments", "environment", input.id);
  const environment: Environment = {
    id,
    tenantId: project.tenantId,
    projectId: project.id,
    name: input.name,
    description: input.description ?? null,
    scopeId: "",
    createdAt: m.now,
    updatedAt: m.now,
  };
  environment.scopeId = await insertScope(m, "environment", environment, project.scopeId);
  return m.insert("environments", environment);
}
