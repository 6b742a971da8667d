import { createApiKey, loadVisible, presentApiKey, revokeApiKey } from "@bedrock/core";
import { defineRoute, json, type Route } from "../route.js";
import { filter, idParam } from "../schemas/common.js";
import * as s from "../schemas/entities.js";
import { readRoutes } from "./resource.js";

const tag = "API keys";

/** API keys: created with their token shown once, listed, revoked. */
export const apiKeyRoutes: Route[] = [
  defineRoute({
    operationId: "createApiKey",
    method: "post",
    path: "/api-keys",
    summary: "Create an API key; its token is in this answer only",
    tag,
    right: "manage",
    replayable: false,
    body: s.apiKeyInput,
    responses: { 201: { description: "Created", schema: s.createdApiKey } },
    async handle({ bedrock, caller, body }) {
      const write = await bedrock.write(caller, "createApiKey", (m) =>
        createApiKey(m, caller, body),
      );
      return json(201, { ...write.value.key, token: write.value.token }, write.revision);
    },
  }),
  ...readRoutes({
    table: "apiKeys",
    name: "ApiKey",
    plural: "ApiKeys",
    path: "/api-keys",
    tag,
    schema: s.apiKey,
    present: presentApiKey,
    filters: { tenantId: filter },
  }),
  defineRoute({
    operationId: "revokeApiKey",
    method: "delete",
    path: "/api-keys/{id}",
    summary: "Revoke an API key; it stops working at once",
    tag,
    right: "manage",
    params: idParam,
    responses: { 200: { description: "Revoked", schema: s.apiKey } },
    async handle({ bedrock, caller, params }) {
      const write = await bedrock.write(caller, "revokeApiKey", async (m) =>
        revokeApiKey(m, await loadVisible(m, caller, "apiKeys", params.id)),
      );
      return json(200, write.value, write.revision);
    },
  }),
];
