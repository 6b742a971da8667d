import type { EvaluateRequest } from "@bedrock/core";
import { defineRoute, json, type Route } from "../route.js";
import * as s from "../schemas/entities.js";
import { z } from "../schemas/zod.js";

const tag = "Evaluate";

/** Authorization checks. */
export const evaluateRoutes: Route[] = [
  defineRoute({
    operationId: "evaluate",
    method: "post",
    path: "/evaluate",
    summary: "Decide whether a subject may act at a scope",
    description:
      "Unknown subjects and scopes are a 200 DENIED with a reason, never a 404: evaluation fails closed.",
    tag,
    right: "evaluate",
    body: s.evaluateRequest,
    responses: { 200: { description: "The decision", schema: s.decision } },
    async handle({ bedrock, caller, body }) {
      const decision = await bedrock.evaluate(caller, body as EvaluateRequest);
      return json(200, decision, decision.revision);
    },
  }),
  defineRoute({
    operationId: "evaluateBatch",
    method: "post",
    path: "/evaluate/batch",
    summary: "Decide up to 1,000 checks from one view of the model",
    tag,
    right: "evaluate",
    body: z.object({ checks: z.array(s.evaluateRequest).min(1).max(1000) }).strict(),
    responses: {
      200: {
        description: "Decisions in request order",
        schema: z.object({ decisions: z.array(s.decision) }),
      },
    },
    async handle({ bedrock, caller, body }) {
      const decisions = await bedrock.evaluateMany(caller, body.checks as EvaluateRequest[]);
      return json(200, { decisions });
    },
  }),
];
