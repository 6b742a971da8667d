import {
  createMembership,
  createRoleAssignment,
  deleteMembership,
  loadVisible,
  normalizeTime,
} from "@bedrock/core";
import { maxBatchItems, runBatch } from "../internal/batch.js";
import { defineRoute, json, type Route } from "../route.js";
import { filter, idParam } from "../schemas/common.js";
import * as s from "../schemas/entities.js";
import { z } from "../schemas/zod.js";
import { deleteRoute, readRoutes } from "./resource.js";

const tag = "Memberships";

/** Memberships and the roles assigned through them. */
export const membershipRoutes: Route[] = [
  defineRoute({
    operationId: "createMembership",
    method: "post",
    path: "/memberships",
    summary: "Place a subject at a scope",
    tag,
    right: "manage",
    body: s.membershipInput,
    responses: { 201: { description: "Created", schema: s.membership } },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "createMembership", (m) =>
        createMembership(m, caller, body),
      );
      return json(201, write.value, write.revision);
    },
  }),
  defineRoute({
    operationId: "createMembershipsBatch",
    method: "post",
    path: "/memberships/batch",
    summary: "Create memberships with their role assignments, all or none",
    tag,
    right: "manage",
    body: z.array(s.membershipBatchItem).min(1).max(maxBatchItems),
    responses: {
      201: {
        description: "Created",
        schema: z.object({ data: z.array(s.membershipWithAssignments) }),
      },
    },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "createMembershipsBatch", (m) =>
        runBatch(body, async ({ roleIds = [], expiresAt, ...input }) => {
          const membership = await createMembership(m, caller, input);
          const roleAssignments = [];
          for (const roleId of roleIds) {
            const assignment = { roleId, membershipId: membership.id, expiresAt };
            roleAssignments.push(await createRoleAssignment(m, caller, assignment));
          }
          return { ...membership, roleAssignments };
        }),
      );
      return json(201, { data: write.value }, write.revision);
    },
  }),
  ...readRoutes({
    table: "memberships",
    name: "Membership",
    plural: "Memberships",
    path: "/memberships",
    tag,
    schema: s.membership,
    filters: { subjectId: filter, tenantId: filter, scopeId: filter },
  }),
  deleteRoute(
    { table: "memberships", name: "Membership", path: "/memberships", tag },
    deleteMembership,
  ),

  defineRoute({
    operationId: "createRoleAssignment",
    method: "post",
    path: "/role-assignments",
    summary: "Assign a role to a membership",
    tag,
    right: "manage",
    body: s.roleAssignmentInput,
    responses: { 201: { description: "Created", schema: s.roleAssignment } },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "createRoleAssignment", (m) =>
        createRoleAssignment(m, caller, body),
      );
      return json(201, write.value, write.revision);
    },
  }),
  ...readRoutes({
    table: "roleAssignments",
    name: "RoleAssignment",
    plural: "RoleAssignments",
    path: "/role-assignments",
    tag,
    schema: s.roleAssignment,
    filters: { tenantId: filter, roleId: filter, membershipId: filter },
  }),
  defineRoute({
    operationId: "updateRoleAssignment",
    method: "patch",
    path: "/role-assignments/{id}",
    summary: "Change when a role assignment expires",
    tag,
    right: "manage",
    params: idParam,
    body: s.roleAssignmentInput.pick({ expiresAt: true }).strict(),
    responses: { 200: { description: "Updated", schema: s.roleAssignment } },
    async handle({ bedrock, caller, params, body }) {
      const write = await bedrock.write(caller, "updateRoleAssignment", async (m) => {
        const row = await loadVisible(m, caller, "roleAssignments", params.id);
        // An absent expiresAt changes nothing; null removes the expiry.
        if (body.expiresAt === undefined) return row;
        return m.update("roleAssignments", row, { expiresAt: normalizeTime(body.expiresAt) });
      });
      return json(200, write.value, write.revision);
    },
  }),
  deleteRoute(
    { table: "roleAssignments", name: "RoleAssignment", path: "/role-assignments", tag },
    (m, row) => m.delete("roleAssignments", row),
  ),
];
