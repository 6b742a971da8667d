import { BedrockError } from "@bedrock/core";
import { defineRoute, json, type Route } from "../route.js";
import { z } from "../schemas/zod.js";

const status = z.object({ status: z.literal("ok") }).openapi("HealthStatus");

/** Liveness and readiness probes; they need no token. */
export const healthRoutes: Route[] = [
  defineRoute({
    operationId: "getHealth",
    method: "get",
    path: "/healthz",
    summary: "Liveness: the process answers",
    tag: "Operations",
    right: "public",
    responses: { 200: { description: "Alive", schema: status } },
    async handle() {
      return json(200, { status: "ok" });
    },
  }),
  defineRoute({
    operationId: "getReadiness",
    method: "get",
    path: "/readyz",
    summary: "Readiness: the store answers",
    tag: "Operations",
    right: "public",
    responses: { 200: { description: "Ready", schema: status } },
    async handle({ bedrock }) {
      try {
        await bedrock.read((r) => r.count("tenants", {}));
      } catch {
        throw new BedrockError("unavailable", "the store does not answer");
      }
      return json(200, { status: "ok" });
    },
  }),
];
