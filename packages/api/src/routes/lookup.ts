import { type Caller, decodeLookupCursor, type Visibility } from "@bedrock/core";
import { defineRoute, json, type Route } from "../route.js";
import { ref } from "../schemas/common.js";
import * as l from "../schemas/lookup.js";
import { z } from "../schemas/zod.js";

const tag = "Lookup";

const visibilityOf = (caller: Caller): Visibility => ({ tenantId: caller.tenantId });

/** The decoded cursor of a lookup, refused with 400 naming `path` when it was not ours. */
function afterOf(cursor: string | undefined, path: string): string | undefined {
  return cursor === undefined ? undefined : decodeLookupCursor(cursor, path);
}

/** Which scopes, which subjects, and which permissions: evaluation beyond one yes or no. */
export const lookupRoutes: Route[] = [
  defineRoute({
    operationId: "lookupScopes",
    method: "post",
    path: "/lookup/scopes",
    summary: "List the scopes of a kind in a tenant where a subject is allowed an action",
    description:
      "Each scope is decided as `POST /evaluate` would decide it, overrides included. A tenant or subject the key cannot see gives an empty page.",
    tag,
    right: "evaluate",
    body: l.scopeLookupRequest,
    responses: { 200: { description: "A page of allowed scopes", schema: l.scopeLookupPage } },
    async handle({ bedrock, caller, body }) {
      const after = afterOf(body.cursor, "body.cursor");
      const page = await bedrock.index.lookupScopes({ ...body, after }, visibilityOf(caller));
      return json(200, page, page.revision);
    },
  }),
  defineRoute({
    operationId: "lookupSubjects",
    method: "post",
    path: "/lookup/subjects",
    summary: "List the subjects allowed an action at a scope",
    description:
      "Each subject is decided as `POST /evaluate` would decide it with the subject's own type. A scope the key cannot see gives an empty page.",
    tag,
    right: "evaluate",
    body: l.subjectLookupRequest,
    responses: { 200: { description: "A page of allowed subjects", schema: l.subjectLookupPage } },
    async handle({ bedrock, caller, body }) {
      const after = afterOf(body.cursor, "body.cursor");
      const page = await bedrock.index.lookupSubjects({ ...body, after }, visibilityOf(caller));
      return json(200, page, page.revision);
    },
  }),
  defineRoute({
    operationId: "listEffectivePermissions",
    method: "get",
    path: "/subjects/{subjectId}/permissions",
    summary: "List a subject's effective permissions at a scope, after overrides",
    description:
      "Every permission of the unexpired roles assigned through memberships at the scope or above it, less what overrides disable there, each with the roles that carry it.",
    tag,
    right: "evaluate",
    params: z.object({ subjectId: ref }),
    query: l.permissionsQuery,
    responses: {
      200: { description: "A page of permissions", schema: l.effectivePermissionPage },
    },
    async handle({ bedrock, caller, params, query }) {
      const lookup = {
        subjectId: params.subjectId,
        scopeId: query.scopeId,
        minRevision: query.minRevision,
        limit: query.limit,
        after: afterOf(query.cursor, "query.cursor"),
      };
      const page = await bedrock.index.effectivePermissions(lookup, visibilityOf(caller));
      return json(200, page, page.revision);
    },
  }),
];
