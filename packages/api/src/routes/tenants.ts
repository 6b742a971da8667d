import {
  BedrockError,
  type Caller,
  createEnvironment,
  createProject,
  createTenant,
  createWorkspace,
  deleteScopeTree,
  deleteTenant,
  loadVisible,
  scopePath,
  updateTenant,
} from "@bedrock/core";
import { defineRoute, json, type Route } from "../route.js";
import { filter, idParam } from "../schemas/common.js";
import * as s from "../schemas/entities.js";
import { deleteRoute, readRoutes } from "./resource.js";

const tag = "Tenants";

// A customer's own key must not raise its limits, change its plan or remove it.
function requirePlatformCaller(caller: Caller, action: string): void {
  if (caller.tenantId !== null) {
    throw new BedrockError("forbidden", `a tenant-bound key cannot ${action} its tenant`);
  }
}

// The write bumps the revision after the row is built; show the committed one.
const withRevision = <T extends { revision: number }>(tenant: T, revision?: number): T => ({
  ...tenant,
  revision: revision ?? tenant.revision,
});

const createTenantRoute = defineRoute({
  operationId: "createTenant",
  method: "post",
  path: "/tenants",
  summary: "Create a tenant with its root scope",
  tag,
  right: "manage",
  body: s.tenantInput,
  responses: { 201: { description: "Created", schema: s.tenant } },
  async handle({ bedrock, caller, body }) {
    const write = await bedrock.write(caller, "createTenant", (m) => createTenant(m, caller, body));
    return json(201, withRevision(write.value, write.revision), write.revision);
  },
});

const updateTenantRoute = defineRoute({
  operationId: "updateTenant",
  method: "patch",
  path: "/tenants/{id}",
  summary: "Change a tenant's name, plan, limits or status",
  tag,
  right: "manage",
  params: idParam,
  body: s.tenantPatch,
  responses: { 200: { description: "Updated", schema: s.tenant } },
  async handle({ bedrock, caller, params, body }) {
    const write = await bedrock.write(caller, "updateTenant", async (m) => {
      const tenant = await loadVisible(m, caller, "tenants", params.id);
      requirePlatformCaller(caller, "change");
      return updateTenant(m, tenant, body);
    });
    return json(200, withRevision(write.value, write.revision), write.revision);
  },
});

function createChild<B>(
  operationId: string,
  path: string,
  summary: string,
  body: import("zod").ZodType<B>,
  schema: import("zod").ZodType,
  create: (
    m: import("@bedrock/core").Mutation,
    caller: import("@bedrock/core").Caller,
    input: B,
  ) => Promise<unknown>,
): Route {
  return defineRoute({
    operationId,
    method: "post",
    path,
    summary,
    tag,
    right: "manage",
    body,
    responses: { 201: { description: "Created", schema } },
    async handle({ bedrock, caller, body: input }) {
      const write = await bedrock.write(caller, operationId, (m) => create(m, caller, input as B));
      return json(201, write.value, write.revision);
    },
  });
}

function updateNamed(
  name: "Workspace" | "Project" | "Environment",
  table: "workspaces" | "projects" | "environments",
  path: string,
  schema: import("zod").ZodType,
): Route {
  return defineRoute({
    operationId: `update${name}`,
    method: "patch",
    path: `${path}/{id}`,
    summary: `Rename or re-describe a ${name.toLowerCase()}`,
    tag,
    right: "manage",
    params: idParam,
    body: s.namedPatch,
    responses: { 200: { description: "Updated", schema } },
    async handle({ bedrock, caller, params, body }) {
      const write = await bedrock.write(caller, `update${name}`, async (m) => {
        const row = await loadVisible(m, caller, table, params.id);
        return m.update(table, row, body);
      });
      return json(200, write.value, write.revision);
    },
  });
}

const getScopeRoute = defineRoute({
  operationId: "getScope",
  method: "get",
  path: "/scopes/{id}",
  summary: "Get a scope with its ancestors",
  tag,
  right: "manage",
  params: idParam,
  responses: { 200: { description: "The scope", schema: s.scopeWithAncestors } },
  async handle({ bedrock, caller, params }) {
    const answer = await bedrock.read(async (r) => {
      const scope = await loadVisible(r, caller, "scopes", params.id);
      const [, ...ancestors] = await scopePath(r, scope);
      return { ...scope, ancestors };
    });
    return json(200, answer);
  },
});

/** Tenants, their workspaces, projects and environments, and the scope tree. */
export const tenantRoutes: Route[] = [
  createTenantRoute,
  ...readRoutes({
    table: "tenants",
    name: "Tenant",
    plural: "Tenants",
    path: "/tenants",
    tag,
    schema: s.tenant,
    filters: { slug: filter, externalId: filter, status: s.tenantStatus.optional() },
    restrict: (caller, where) =>
      caller.tenantId === null ? where : { ...where, id: caller.tenantId },
  }),
  updateTenantRoute,
  deleteRoute({ table: "tenants", name: "Tenant", path: "/tenants", tag }, (m, tenant, caller) => {
    requirePlatformCaller(caller, "delete");
    return deleteTenant(m, tenant);
  }),

  createChild(
    "createWorkspace",
    "/workspaces",
    "Create a workspace in a tenant",
    s.workspaceInput,
    s.workspace,
    createWorkspace,
  ),
  ...readRoutes({
    table: "workspaces",
    name: "Workspace",
    plural: "Workspaces",
    path: "/workspaces",
    tag,
    schema: s.workspace,
    filters: { tenantId: filter },
  }),
  updateNamed("Workspace", "workspaces", "/workspaces", s.workspace),
  deleteRoute(
    { table: "workspaces", name: "Workspace", path: "/workspaces", tag },
    async (m, w) => {
      const scope = await m.get("scopes", w.scopeId);
      if (scope !== undefined) await deleteScopeTree(m, scope);
    },
  ),

  createChild(
    "createProject",
    "/projects",
    "Create a project in a workspace",
    s.projectInput,
    s.project,
    createProject,
  ),
  ...readRoutes({
    table: "projects",
    name: "Project",
    plural: "Projects",
    path: "/projects",
    tag,
    schema: s.project,
    filters: { tenantId: filter, workspaceId: filter },
  }),
  updateNamed("Project", "projects", "/projects", s.project),
  deleteRoute({ table: "projects", name: "Project", path: "/projects", tag }, async (m, p) => {
    const scope = await m.get("scopes", p.scopeId);
    if (scope !== undefined) await deleteScopeTree(m, scope);
  }),

  createChild(
    "createEnvironment",
    "/environments",
    "Create an environment in a project",
    s.environmentInput,
    s.environment,
    createEnvironment,
  ),
  ...readRoutes({
    table: "environments",
    name: "Environment",
    plural: "Environments",
    path: "/environments",
    tag,
    schema: s.environment,
    filters: { tenantId: filter, projectId: filter },
  }),
  updateNamed("Environment", "environments", "/environments", s.environment),
  deleteRoute(
    { table: "environments", name: "Environment", path: "/environments", tag },
    async (m, e) => {
      const scope = await m.get("scopes", e.scopeId);
      if (scope !== undefined) await deleteScopeTree(m, scope);
    },
  ),

  getScopeRoute,
  readRoutes({
    table: "scopes",
    name: "Scope",
    plural: "Scopes",
    path: "/scopes",
    tag,
    schema: s.scope,
    filters: {
      tenantId: filter,
      kind: s.scopeKind.optional(),
      parentScopeId: filter,
    },
  })[1] as Route,
];
