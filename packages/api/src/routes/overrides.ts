import { upsertPermissionOverride, upsertRolePermissionOverride } from "@bedrock/core";
import { defineRoute, json, type Route } from "../route.js";
import { filter } from "../schemas/common.js";
import * as s from "../schemas/entities.js";
import { deleteRoute, readRoutes } from "./resource.js";

const tag = "Overrides";

/** Per-scope overrides of permissions and of one role's permissions. */
export const overrideRoutes: Route[] = [
  defineRoute({
    operationId: "upsertPermissionOverride",
    method: "post",
    path: "/scope-overrides/permissions",
    summary: "Enable or disable a permission below its scope, for every role",
    description: "Posting the same childScopeId and permissionId again updates the state.",
    tag,
    right: "manage",
    body: s.permissionOverrideInput,
    responses: {
      200: { description: "Updated", schema: s.permissionOverride },
      201: { description: "Created", schema: s.permissionOverride },
    },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "upsertPermissionOverride", (m) =>
        upsertPermissionOverride(m, caller, body),
      );
      return json(write.value.created ? 201 : 200, write.value.record, write.revision);
    },
  }),
  ...readRoutes({
    table: "permissionOverrides",
    name: "PermissionOverride",
    plural: "PermissionOverrides",
    path: "/scope-overrides/permissions",
    tag,
    schema: s.permissionOverride,
    filters: { tenantId: filter, childScopeId: filter, permissionId: filter },
  }),
  deleteRoute(
    {
      table: "permissionOverrides",
      name: "PermissionOverride",
      path: "/scope-overrides/permissions",
      tag,
    },
    (m, row) => m.delete("permissionOverrides", row),
  ),

  defineRoute({
    operationId: "upsertRolePermissionOverride",
    method: "post",
    path: "/scope-overrides/role-permissions",
    summary: "Enable or disable one role's permission below the permission's scope",
    description: "Posting the same childScopeId, roleId and permissionId again updates the state.",
    tag,
    right: "manage",
    body: s.rolePermissionOverrideInput,
    responses: {
      200: { description: "Updated", schema: s.rolePermissionOverride },
      201: { description: "Created", schema: s.rolePermissionOverride },
    },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "upsertRolePermissionOverride", (m) =>
        upsertRolePermissionOverride(m, caller, body),
      );
      return json(write.value.created ? 201 : 200, write.value.record, write.revision);
    },
  }),
  ...readRoutes({
    table: "rolePermissionOverrides",
    name: "RolePermissionOverride",
    plural: "RolePermissionOverrides",
    path: "/scope-overrides/role-permissions",
    tag,
    schema: s.rolePermissionOverride,
    filters: { tenantId: filter, childScopeId: filter, roleId: filter, permissionId: filter },
  }),
  deleteRoute(
    {
      table: "rolePermissionOverrides",
      name: "RolePermissionOverride",
      path: "/scope-overrides/role-permissions",
      tag,
    },
    (m, row) => m.delete("rolePermissionOverrides", row),
  ),
];
