import {
  createPermission,
  createRole,
  deletePermission,
  deleteRole,
  grantPermissions,
  listPage,
  loadVisible,
  notFound,
  updateRole,
} from "@bedrock/core";
import { maxBatchItems, runBatch } from "../internal/batch.js";
import { defineRoute, json, type Route } from "../route.js";
import { filter, idParam, pageOf, pageQuery, ref } from "../schemas/common.js";
import * as s from "../schemas/entities.js";
import { z } from "../schemas/zod.js";
import { deleteRoute, readRoutes } from "./resource.js";

const tag = "Roles and permissions";
const roleIdParam = z.object({ roleId: ref });

/** Roles, permissions and the grants between them. */
export const roleRoutes: Route[] = [
  defineRoute({
    operationId: "createRole",
    method: "post",
    path: "/roles",
    summary: "Create a role at a scope",
    tag,
    right: "manage",
    body: s.roleInput,
    responses: { 201: { description: "Created", schema: s.role } },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "createRole", (m) => createRole(m, caller, body));
      return json(201, write.value, write.revision);
    },
  }),
  defineRoute({
    operationId: "createRolesBatch",
    method: "post",
    path: "/roles/batch",
    summary: "Create several roles, all or none",
    tag,
    right: "manage",
    body: z.array(s.roleInput).min(1).max(maxBatchItems),
    responses: { 201: { description: "Created", schema: z.object({ data: z.array(s.role) }) } },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "createRolesBatch", (m) =>
        runBatch(body, (item) => createRole(m, caller, item)),
      );
      return json(201, { data: write.value }, write.revision);
    },
  }),
  ...readRoutes({
    table: "roles",
    name: "Role",
    plural: "Roles",
    path: "/roles",
    tag,
    schema: s.role,
    filters: { tenantId: filter, scopeId: filter, name: filter },
  }),
  defineRoute({
    operationId: "updateRole",
    method: "patch",
    path: "/roles/{id}",
    summary: "Rename or re-describe a role",
    tag,
    right: "manage",
    params: idParam,
    body: s.rolePatch,
    responses: { 200: { description: "Updated", schema: s.role } },
    async handle({ bedrock, caller, params, body }) {
      const write = await bedrock.write(caller, "updateRole", async (m) =>
        updateRole(m, await loadVisible(m, caller, "roles", params.id), body),
      );
      return json(200, write.value, write.revision);
    },
  }),
  deleteRoute({ table: "roles", name: "Role", path: "/roles", tag }, deleteRole),

  defineRoute({
    operationId: "grantRolePermissions",
    method: "post",
    path: "/roles/{roleId}/permissions",
    summary: "Grant permissions to a role",
    tag,
    right: "manage",
    params: roleIdParam,
    body: s.grantInput,
    responses: { 201: { description: "Granted", schema: z.object({ data: z.array(s.grant) }) } },
    async handle({ bedrock, caller, params, body }) {
      const write = await bedrock.write(caller, "grantRolePermissions", async (m) => {
        const role = await loadVisible(m, caller, "roles", params.roleId);
        return grantPermissions(m, caller, role, body.permissionIds);
      });
      return json(201, { data: write.value }, write.revision);
    },
  }),
  defineRoute({
    operationId: "listRolePermissions",
    method: "get",
    path: "/roles/{roleId}/permissions",
    summary: "List the permissions granted to a role",
    tag,
    right: "manage",
    params: roleIdParam,
    query: z.object(pageQuery).strict(),
    responses: { 200: { description: "A page of permissions", schema: pageOf(s.permission) } },
    async handle({ bedrock, caller, params, query }) {
      const page = await bedrock.read(async (r) => {
        await loadVisible(r, caller, "roles", params.roleId);
        const grants = await listPage(r, "grants", { roleId: params.roleId }, query);
        const ids = grants.data.map((grant) => grant.permissionId);
        const permissions = ids.length === 0 ? [] : await r.find("permissions", { id: ids });
        return { data: permissions, nextCursor: grants.nextCursor };
      });
      return json(200, page);
    },
  }),
  defineRoute({
    operationId: "revokeRolePermission",
    method: "delete",
    path: "/roles/{roleId}/permissions/{permissionId}",
    summary: "Take a permission away from a role",
    tag,
    right: "manage",
    params: z.object({ roleId: ref, permissionId: ref }),
    responses: { 204: { description: "Revoked" } },
    async handle({ bedrock, caller, params }) {
      const write = await bedrock.write(caller, "revokeRolePermission", async (m) => {
        await loadVisible(m, caller, "roles", params.roleId);
        const [grant] = await m.find("grants", params);
        if (grant === undefined) {
          throw notFound("grant of permission", `${params.permissionId} to ${params.roleId}`);
        }
        await m.delete("grants", grant);
      });
      return { status: 204, headers: json(204, null, write.revision).headers };
    },
  }),

  defineRoute({
    operationId: "createPermission",
    method: "post",
    path: "/permissions",
    summary: "Create a permission at a scope",
    tag,
    right: "manage",
    body: s.permissionInput,
    responses: { 201: { description: "Created", schema: s.permission } },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "createPermission", (m) =>
        createPermission(m, caller, body),
      );
      return json(201, write.value, write.revision);
    },
  }),
  defineRoute({
    operationId: "createPermissionsBatch",
    method: "post",
    path: "/permissions/batch",
    summary: "Create several permissions, all or none",
    tag,
    right: "manage",
    body: z.array(s.permissionInput).min(1).max(maxBatchItems),
    responses: {
      201: { description: "Created", schema: z.object({ data: z.array(s.permission) }) },
    },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "createPermissionsBatch", (m) =>
        runBatch(body, (item) => createPermission(m, caller, item)),
      );
      return json(201, { data: write.value }, write.revision);
    },
  }),
  ...readRoutes({
    table: "permissions",
    name: "Permission",
    plural: "Permissions",
    path: "/permissions",
    tag,
    schema: s.permission,
    filters: {
      tenantId: filter,
      scopeId: filter,
      key: filter,
      action: filter,
      resourceType: filter,
    },
  }),
  deleteRoute(
    { table: "permissions", name: "Permission", path: "/permissions", tag },
    deletePermission,
  ),
];
