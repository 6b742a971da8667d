import type { Environment, Project, ScopeKind, Workspace } from "../model/entities.js";
import { scopeIdFor } from "../model/ids.js";
import type { Caller } from "./caller.js";
import { takeId } from "./ids.js";
import type { EnvironmentInput, ProjectInput, WorkspaceInput } from "./inputs.js";
import type { Mutation } from "./mutation.js";
import { requireSameTenant } from "./scope-tree.js";
import { loadVisible } from "./visible-records.js";

type NodeKind = Exclude<ScopeKind, "tenant">;

const nodeTables = {
  workspace: "workspaces",
  project: "projects",
  environment: "environments",
} as const satisfies Record<NodeKind, string>;

/** The fields a workspace, project and environment share. */
interface NodeFields {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  scopeId: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Takes the id of a new node of the tree and inserts its scope under the
 * parent's, returning the fields every node record has.
 */
async function newNode(
  m: Mutation,
  kind: NodeKind,
  parent: { tenantId: string; scopeId: string },
  input: { id?: string; name: string; description?: string | null },
): Promise<NodeFields> {
  const id = await takeId(m, nodeTables[kind], kind, input.id);
  const scopeId = scopeIdFor(kind, id);
  const stamps = { createdAt: m.now, updatedAt: m.now };
  const tenantId = parent.tenantId;
  await m.insert("scopes", {
    id: scopeId,
    tenantId,
    kind,
    entityId: id,
    parentScopeId: parent.scopeId,
    ...stamps,
  });
  return {
    id,
    tenantId,
    name: input.name,
    description: input.description ?? null,
    scopeId,
    ...stamps,
  };
}

/** Throws 422 when a given tenantId is not the parent's tenant. */
function requireParentTenant(
  given: string | undefined,
  parent: { tenantId: string },
  what: string,
) {
  if (given !== undefined) requireSameTenant({ tenantId: given }, parent, what);
}

/** Creates a workspace under a tenant, with its scope. */
export async function createWorkspace(m: Mutation, caller: Caller, input: WorkspaceInput) {
  const tenant = await loadVisible(m, caller, "tenants", input.tenantId);
  const parent = { tenantId: tenant.id, scopeId: tenant.scopeId };
  const workspace: Workspace = await newNode(m, "workspace", parent, input);
  return m.insert("workspaces", workspace);
}

/** Creates a project under a workspace, with its scope. */
export async function createProject(m: Mutation, caller: Caller, input: ProjectInput) {
  const workspace = await loadVisible(m, caller, "workspaces", input.workspaceId);
  requireParentTenant(input.tenantId, workspace, "the project's workspace");
  const node = await newNode(m, "project", workspace, input);
  const project: Project = { ...node, workspaceId: workspace.id };
  return m.insert("projects", project);
}

/** Creates an environment under a project, with its scope. */
export async function createEnvironment(m: Mutation, caller: Caller, input: EnvironmentInput) {
  const project = await loadVisible(m, caller, "projects", input.projectId);
  requireParentTenant(input.tenantId, project, "the environment's project");
  const node = await newNode(m, "environment", project, input);
  const environment: Environment = { ...node, projectId: project.id };
  return m.insert("environments", environment);
}
