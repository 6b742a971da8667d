import type { EvaluateRequest } from "@bedrock/core";
import { maxBatchItems } from "../internal/batch.js";
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
    description:
      "Every check is answered from the same compiled view of each tenant, in request order, each as `POST /evaluate` would answer it (`explain` and `minRevision` included). More than 1,000 checks is a 400; a check whose `minRevision` is not reached makes the whole batch a 409. The `Bedrock-Revision` header is the highest revision among the decisions.",
    tag,
    right: "evaluate",
    body: z
      .object({ checks: z.array(s.evaluateRequest).min(1).max(maxBatchItems) })
      .strict()
      .openapi("EvaluateBatchRequest"),
    responses: {
      200: {
        description: "Decisions in request order",
        schema: z.object({ decisions: z.array(s.decision) }).openapi("EvaluateBatchResponse"),
      },
    },
    async handle({ bedrock, caller, body }) {
      const decisions = await bedrock.evaluateMany(caller, body.checks as EvaluateRequest[]);
      const revision = Math.max(0, ...decisions.map((decision) => decision.revision));
      return json(200, { decisions }, revision);
    },
  }),
];
