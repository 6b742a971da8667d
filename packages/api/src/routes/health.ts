import { BedrockError } from "@bedrock/core";
import { defineRoute, json, type Route } from "../route.js";
import { z } from "../schemas/zod.js";

/** How long readiness waits for the store before answering 503. */
export const readinessTimeoutMs = 2000;

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
      // A store that stops answering must fail the probe, not hang it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timed out")), readinessTimeoutMs);
      });
      try {
        await Promise.race([bedrock.read((r) => r.count("tenants", {})), timeout]);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new BedrockError("unavailable", `the store does not answer: ${reason}`);
      } finally {
        clearTimeout(timer);
      }
      return json(200, { status: "ok" });
    },
  }),
];
