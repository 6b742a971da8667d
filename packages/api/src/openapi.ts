import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import type { Route } from "./route.js";
import { routes as allRoutes } from "./routes/index.js";
import { problem } from "./schemas/common.js";

const problemStatuses: Record<number, string> = {
  400: "The request is not valid",
  401: "No valid token",
  403: "The key lacks the right",
  404: "Not found, or not visible to this key",
  409: "Conflicts with an existing record, an Idempotency-Key or a revision",
  413: "The body is over 1 MB",
  415: "The body's encoding cannot be read",
  422: "References that do not fit together, or a limit reached",
  500: "A fault of the server's; the body says nothing more",
  503: "The store does not answer",
};

function errorStatusesOf(route: Route): number[] {
  if (route.right === "public") return route.operationId === "getReadiness" ? [500, 503] : [500];
  const withBody = route.body === undefined ? [] : [413, 415];
  return [400, 401, 403, 404, 409, ...withBody, 422, 500];
}

function errorResponses(route: Route): RouteConfig["responses"] {
  const content = { "application/problem+json": { schema: problem } };
  return Object.fromEntries(
    errorStatusesOf(route).map((status) => [
      status,
      { description: problemStatuses[status] ?? "", content },
    ]),
  );
}

function toConfig(route: Route): RouteConfig {
  const responses: RouteConfig["responses"] = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] =
      spec.schema === undefined
        ? { description: spec.description }
        : {
            description: spec.description,
            content: { "application/json": { schema: spec.schema } },
          };
  }
  const request: RouteConfig["request"] = {};
  if (route.params !== undefined) request.params = route.params;
  if (route.query !== undefined) request.query = route.query;
  if (route.body !== undefined) {
    request.body = { required: true, content: { "application/json": { schema: route.body } } };
  }
  return {
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [route.tag],
    security: route.right === "public" ? [] : [{ bearer: [] }],
    request,
    responses: { ...responses, ...errorResponses(route) },
  };
}

/** Builds the OpenAPI 3.1 document from the same routes the handler serves. */
export function buildOpenApiDocument(
  routes: readonly Route[] = allRoutes,
): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  registry.register("Problem", problem);
  for (const route of routes) registry.registerPath(toConfig(route));
  const generator = new OpenApiGeneratorV31(registry.definitions);
  const document = generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Bedrock",
      version: "0.1.0",
      description:
        "Multi-tenant authorization: scopes, memberships, roles, permissions, overrides and agent delegation.",
    },
    // Relative, so the reference at /docs tries calls on the server serving it.
    servers: [{ url: "/" }],
  });
  return document as unknown as Record<string, unknown>;
}
