import { BedrockError } from "@bedrock/core";
import { createBedrock } from "@bedrock/sdk";
import { describe, expect, it } from "vitest";
import { type BedrockMock, createBedrockMock } from "./bedrock-mock.js";
import { presets } from "./presets/index.js";
import { defineScenario } from "./scenario/scenario.js";

const baseUrl = "https://bedrock.test";

/** Sends one request through the mock's own fetch, as the admin unless told otherwise. */
async function call(
  mock: BedrockMock,
  method: string,
  path: string,
  init: { body?: unknown; token?: string | null } = {},
) {
  const headers = new Headers();
  const token = init.token === undefined ? mock.token : init.token;
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const response = await mock.fetch(
    new Request(`${mock.baseUrl}${path}`, { method, headers, body }),
  );
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    revision: response.headers.get("bedrock-revision"),
    body: text === "" ? undefined : JSON.parse(text),
  };
}

describe("createBedrockMock", () => {
  it("answers without a token as the server does: 401 problem+json", async () => {
    const mock = createBedrockMock({ baseUrl });

    const answer = await call(mock, "GET", "/tenants", { token: null });

    expect(answer).toEqual({
      status: 401,
      contentType: "application/problem+json; charset=utf-8",
      revision: null,
      body: {
        type: "https://bedrock.dev/problems/unauthorized",
        title: "Authentication is required",
        status: 401,
        detail: "send a valid token as Authorization: Bearer <token>",
        code: "unauthorized",
      },
    });
  });

  it("accepts only the configured admin token", async () => {
    const mock = createBedrockMock({ baseUrl, token: "s3cret" });

    const wrong = await call(mock, "GET", "/tenants", { token: "mock-token" });
    const right = await call(mock, "GET", "/tenants", { token: "s3cret" });

    expect([wrong.status, right.status]).toEqual([401, 200]);
  });

  it("accepts API keys created through it, bound to their tenant", async () => {
    const mock = createBedrockMock({ baseUrl, scenario: presets.guide() });
    const created = await call(mock, "POST", "/api-keys", {
      body: { name: "acme", tenantId: "tenant_acme", permissions: ["manage", "evaluate"] },
    });

    const own = await call(mock, "GET", "/tenants/tenant_acme", { token: created.body.token });
    const other = await call(mock, "GET", "/tenants/tenant_globex", { token: created.body.token });

    expect(created.status).toBe(201);
    expect([own.status, other.status]).toEqual([200, 404]);
  });

  it("answers a write with its revision and a delete with 204 and no body", async () => {
    const mock = createBedrockMock({ baseUrl });

    const created = await call(mock, "POST", "/tenants", {
      body: { id: "tenant_a", name: "A", slug: "a" },
    });
    const deleted = await call(mock, "DELETE", "/tenants/tenant_a");

    expect(created).toMatchObject({
      status: 201,
      revision: String(created.body.revision),
      contentType: "application/json; charset=utf-8",
    });
    const next = String(Number(created.revision) + 1);
    expect(deleted).toEqual({ status: 204, contentType: null, revision: next, body: undefined });
  });

  it("routes below a base URL with a path, passing the query on", async () => {
    const mock = createBedrockMock({
      baseUrl: "http://localhost:4000/v1/",
      scenario: presets.guide(),
    });

    const page = await call(mock, "GET", "/tenants?slug=globex-inc&limit=1");

    expect(mock.baseUrl).toBe("http://localhost:4000/v1");
    expect(page.body.data.map((t: { id: string }) => t.id)).toEqual(["tenant_globex"]);
  });

  it("answers unknown paths and methods as the server does", async () => {
    const mock = createBedrockMock({ baseUrl });

    const missing = await call(mock, "GET", "/nothing-here");
    const wrongMethod = await call(mock, "PUT", "/tenants");

    expect(missing.body).toMatchObject({ status: 404, code: "not_found" });
    expect(wrongMethod.body).toMatchObject({ status: 405, code: "method_not_allowed" });
  });

  it("serves the OpenAPI document beside the API", async () => {
    const mock = createBedrockMock({ baseUrl });

    const answer = await call(mock, "GET", "/openapi.json", { token: null });

    expect(answer.status).toBe(200);
    expect(answer.body.paths["/evaluate"].post.operationId).toBe("evaluate");
  });

  it("takes a URL and init, as any fetch does", async () => {
    const mock = createBedrockMock({ baseUrl, scenario: presets.guide() });

    const response = await mock.fetch(`${baseUrl}/tenants/tenant_acme`, {
      headers: { authorization: `Bearer ${mock.token}` },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: "tenant_acme" });
  });

  it("refuses requests outside its base URL, like a network failure", async () => {
    const mock = createBedrockMock({ baseUrl });

    const sending = mock.fetch(new Request("https://elsewhere.test/tenants"));

    await expect(sending).rejects.toThrow(TypeError);
  });

  it("drops every record on reset and replays its scenario", async () => {
    const mock = createBedrockMock({ baseUrl, scenario: presets.guide() });
    const bedrock = createBedrock({ baseUrl, token: mock.token, fetch: mock.fetch });
    await bedrock.tenants.create({ name: "Initech", slug: "initech" });

    await mock.reset();

    const page = await bedrock.tenants.list();
    expect(page.data.map((t) => t.id)).toEqual(["tenant_acme", "tenant_globex"]);
  });

  it("resets to another scenario for that reset only", async () => {
    const mock = createBedrockMock({ baseUrl, scenario: presets.guide() });
    const empty = defineScenario();

    await mock.reset(empty);
    const afterEmpty = await mock.bedrock.read((r) => r.count("tenants", {}));
    await mock.reset();
    const afterDefault = await mock.bedrock.read((r) => r.count("tenants", {}));

    expect([afterEmpty, afterDefault]).toEqual([0, 2]);
  });

  it("exposes the service for assertions once ready", async () => {
    const mock = createBedrockMock({ baseUrl, scenario: presets.guide() });

    expect(() => mock.bedrock).toThrow(/await mock.ready\(\) first/);
    await mock.ready();

    const agent = await mock.bedrock.read((r) => r.get("subjects", "subject_acme_agent"));
    expect(agent?.displayName).toBe("Acme Sales Assistant");
  });

  it("reports a scenario that breaks a rule on ready() and on every request", async () => {
    const crossing = presets.guide().extend((s) => {
      s.existing.role("role_globex_viewer").grant("perm_read");
    });
    const mock = createBedrockMock({ baseUrl, scenario: crossing });

    const ready = mock.ready();
    const answer = await call(mock, "GET", "/tenants");

    await expect(ready).rejects.toBeInstanceOf(BedrockError);
    await expect(ready).rejects.toMatchObject({ code: "cross_tenant_reference" });
    expect(answer.status).toBe(500);
    expect(answer.body.detail).toMatch(/^the mock's scenario could not be applied: /);
    expect(() => mock.bedrock).toThrow(/could not be applied/);
  });

  it("moves time with its clock, so assignments expire", async () => {
    let now = Date.parse("2030-01-01T00:00:00Z");
    const scenario = defineScenario((s) => {
      const crm = s.tenant("tenant_a").workspace("workspace_a").project("project_a");
      const read = crm.permission("perm_read", "customer:read:*");
      const viewer = crm.role("role_viewer", { permissions: [read] });
      s.user("subject_ann").memberOf(crm).assign(viewer, { expiresAt: "2030-01-02T00:00:00Z" });
    });
    const mock = createBedrockMock({ baseUrl, scenario, clock: () => now });
    const bedrock = createBedrock({ baseUrl, token: mock.token, fetch: mock.fetch });
    const check = () =>
      bedrock.evaluate({
        actor: { subjectId: "subject_ann", subjectType: "user" },
        scopeId: "scope_project_a",
        action: "read",
        resource: { resourceType: "customer" },
      });

    const before = await check();
    now = Date.parse("2030-01-03T00:00:00Z");
    const after = await check();

    expect([before.decision, after.decision]).toEqual(["ALLOWED", "DENIED"]);
  });
});
