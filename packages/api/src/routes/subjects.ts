import {
  type Caller,
  createSubject,
  createUser,
  deleteSubject,
  loadChangeable,
  presentUser,
  type StoreReader,
  type User,
  updateUser,
} from "@bedrock/core";
import { defineRoute, json, type Route } from "../route.js";
import { filter, idParam } from "../schemas/common.js";
import * as s from "../schemas/entities.js";
import { deleteRoute, readRoutes } from "./resource.js";

const tag = "Subjects";

/** A user as a caller may see it: another tenant's id is never shown to a tenant's key. */
function presentUserTo(user: User, caller: Caller) {
  const shown = presentUser(user);
  if (caller.tenantId === null || shown.defaultTenantId === caller.tenantId) return shown;
  return { ...shown, defaultTenantId: null };
}

/**
 * The subjects a tenant-bound key may list: those whose home is its tenant,
 * those holding a membership in it, and users naming it as default tenant.
 */
async function visibleSubjectIds(reader: StoreReader, tenantId: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const s of await reader.find("subjects", { tenantId })) ids.add(s.id);
  for (const m of await reader.find("memberships", { tenantId })) ids.add(m.subjectId);
  for (const u of await reader.find("users", { defaultTenantId: tenantId })) ids.add(u.subjectId);
  return [...ids];
}

async function subjectRestriction<W extends object>(caller: Caller, where: W, reader: StoreReader) {
  if (caller.tenantId === null) return where;
  const ids = await visibleSubjectIds(reader, caller.tenantId);
  return ids.length === 0 ? ("none" as const) : { ...where, id: ids };
}

/** Subjects (users and agents) and user profiles. */
export const subjectRoutes: Route[] = [
  defineRoute({
    operationId: "createSubject",
    method: "post",
    path: "/subjects",
    summary: "Create a subject: a user or an agent",
    tag,
    right: "manage",
    body: s.subjectInput,
    responses: { 201: { description: "Created", schema: s.subject } },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "createSubject", (m) =>
        createSubject(m, caller, body),
      );
      return json(201, write.value, write.revision);
    },
  }),
  ...readRoutes({
    table: "subjects",
    name: "Subject",
    plural: "Subjects",
    path: "/subjects",
    tag,
    schema: s.subject,
    filters: {
      subjectType: s.subjectType.optional(),
      externalId: filter,
      tenantId: filter,
      status: s.subjectStatus.optional(),
    },
    restrict: subjectRestriction,
  }),
  defineRoute({
    operationId: "updateSubject",
    method: "patch",
    path: "/subjects/{id}",
    summary: "Change a subject's display name, meta or status",
    tag,
    right: "manage",
    params: idParam,
    body: s.subjectPatch,
    responses: { 200: { description: "Updated", schema: s.subject } },
    async handle({ bedrock, caller, params, body }) {
      const write = await bedrock.write(caller, "updateSubject", async (m) =>
        m.update("subjects", await loadChangeable(m, caller, "subjects", params.id), body),
      );
      return json(200, write.value, write.revision);
    },
  }),
  deleteRoute({ table: "subjects", name: "Subject", path: "/subjects", tag }, deleteSubject),

  defineRoute({
    operationId: "createUser",
    method: "post",
    path: "/users",
    summary: "Create a user and its subject",
    tag,
    right: "manage",
    body: s.userInput,
    responses: { 201: { description: "Created", schema: s.user } },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "createUser", (m) => createUser(m, caller, body));
      return json(201, presentUserTo(write.value, caller), write.revision);
    },
  }),
  ...readRoutes({
    table: "users",
    name: "User",
    plural: "Users",
    path: "/users",
    tag,
    schema: s.user,
    present: presentUserTo,
    filters: {
      email: filter,
      externalId: filter,
      kindeId: filter,
      subjectId: filter,
      defaultTenantId: filter,
    },
    restrict: async (caller, where, reader) => {
      const { email, ...rest } = where as { email?: string };
      const byEmail =
        email === undefined ? rest : { ...rest, emailNormalized: email.toLowerCase() };
      if (caller.tenantId === null) return byEmail;
      // Another tenant's id is never a filter that finds anything.
      const defaultTenantId = (rest as { defaultTenantId?: string }).defaultTenantId;
      if (defaultTenantId !== undefined && defaultTenantId !== caller.tenantId) return "none";
      // The same people the key can fetch one by one.
      const visible = await visibleSubjectIds(reader, caller.tenantId);
      const asked = (rest as { subjectId?: string }).subjectId;
      const subjectIds = asked === undefined ? visible : visible.filter((id) => id === asked);
      return subjectIds.length === 0 ? "none" : { ...byEmail, subjectId: subjectIds };
    },
  }),
  defineRoute({
    operationId: "updateUser",
    method: "patch",
    path: "/users/{id}",
    summary: "Change a user's profile",
    tag,
    right: "manage",
    params: idParam,
    body: s.userPatch,
    responses: { 200: { description: "Updated", schema: s.user } },
    async handle({ bedrock, caller, params, body }) {
      const write = await bedrock.write(caller, "updateUser", async (m) =>
        updateUser(m, caller, await loadChangeable(m, caller, "users", params.id), body),
      );
      return json(200, presentUserTo(write.value, caller), write.revision);
    },
  }),
  deleteRoute({ table: "users", name: "User", path: "/users", tag }, async (m, user) => {
    const subject = await m.get("subjects", user.subjectId);
    if (subject !== undefined) await deleteSubject(m, subject);
    else await m.delete("users", user);
  }),
];
