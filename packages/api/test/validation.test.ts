import { beforeEach, describe, expect, it } from "vitest";
import { routes } from "../src/routes/index.js";
import { twoTenants } from "./fixtures.js";
import { createHarness, type Harness } from "./harness.js";

let api: Harness;

beforeEach(async () => {
  api = await createHarness();
  await twoTenants(api);
});

const withPathIds = (path: string) => path.replace(/\{\w+\}/g, "whatever_1");
const bodyRoutes = routes.filter((route) => route.body !== undefined);
const queryRoutes = routes.filter((route) => route.query !== undefined);

describe("every operation with a body", () => {
  it.each(bodyRoutes.map((route) => [route.operationId, route] as const))(
    "%s refuses a body of the wrong shape with 400 validation_failed",
    async (_id, route) => {
      const wrong = route.path.endsWith("/batch") ? { not: "an array" } : ["not", "an", "object"];

      const answer = await api.call(route.method.toUpperCase(), withPathIds(route.path), wrong);

      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: 400, code: "validation_failed" });
      expect(answer.body.errors.length).toBeGreaterThan(0);
    },
  );

  it.each(bodyRoutes.map((route) => [route.operationId, route] as const))(
    "%s answers malformed JSON with 400 invalid_json",
    async (_id, route) => {
      const answer = await api.call(route.method.toUpperCase(), withPathIds(route.path), "{nope");

      expect(answer).toMatchObject({ status: 400, body: { code: "invalid_json" } });
    },
  );
});

describe("every list", () => {
  it.each(queryRoutes.map((route) => [route.operationId, route] as const))(
    "%s refuses an unknown query parameter and a limit out of range",
    async (_id, route) => {
      const path = withPathIds(route.path);

      const unknown = await api.call("GET", `${path}?colour=red`);
      const tooMany = await api.call("GET", `${path}?limit=201`);

      expect(unknown).toMatchObject({ status: 400, body: { code: "validation_failed" } });
      expect(tooMany).toMatchObject({ status: 400, body: { code: "validation_failed" } });
    },
  );
});
