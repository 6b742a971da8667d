import { afterEach, describe, expect, it, vi } from "vitest";
import { createBedrock } from "./client.js";
import { BedrockApiError } from "./errors.js";
import type { Decision, EvaluateRequest, Role } from "./types.js";

const baseUrl = "https://api.example.com";
const token = "test-token";

interface SentRequest {
  method: string;
  url: string;
  authorization: string | null;
  contentType: string | null;
  body: unknown;
}

/** A fetch that records each request and answers from a queue of canned responses. */
function fakeFetch(...answers: Response[]) {
  const sent: SentRequest[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const text = await request.text();
    sent.push({
      method: request.method,
      url: request.url,
      authorization: request.headers.get("authorization"),
      contentType: request.headers.get("content-type"),
      body: text === "" ? undefined : JSON.parse(text),
    });

    const answer = answers.shift();
    if (!answer) throw new Error(`no canned answer left for ${request.method} ${request.url}`);
    return answer;
  };
  return { fetch, sent };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function problem(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

const isolationCheck: EvaluateRequest = {
  actor: { subjectId: "subject_acme_user", subjectType: "user" },
  scopeId: "scope_project_globex_crm",
  action: "read",
  resource: { resourceType: "customer" },
};

const denied: Decision = {
  allowed: false,
  decision: "DENIED",
  reason: "no_membership",
  revision: 7,
};

describe("createBedrock", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("posts the guide's evaluate body to /evaluate and returns the decision", async () => {
    const { fetch, sent } = fakeFetch(json(200, denied, { "bedrock-revision": "7" }));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const decision = await bedrock.evaluate(isolationCheck);

    expect(decision).toEqual(denied);
    expect(sent).toEqual([
      {
        method: "POST",
        url: "https://api.example.com/evaluate",
        authorization: "Bearer test-token",
        contentType: "application/json",
        body: isolationCheck,
      },
    ]);
  });

  it("sends both subjects of a delegated evaluation", async () => {
    const request: EvaluateRequest = {
      actor: { subjectId: "subject_acme_agent", subjectType: "agent" },
      onBehalfOf: { subjectId: "subject_sales_rep", subjectType: "user" },
      scopeId: "scope_project_crm",
      action: "read",
      resource: { resourceType: "customer" },
    };
    const allowed: Decision = {
      allowed: true,
      decision: "ALLOWED",
      reason: "allowed",
      revision: 3,
    };
    const { fetch, sent } = fakeFetch(json(200, allowed));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const decision = await bedrock.evaluate(request);

    expect(decision).toEqual(allowed);
    expect(sent[0]?.body).toEqual(request);
  });

  it("wraps batch checks in {checks} and returns the decisions in order", async () => {
    const { fetch, sent } = fakeFetch(json(200, { decisions: [denied, denied] }));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const decisions = await bedrock.evaluateBatch([isolationCheck, isolationCheck]);

    expect(decisions).toEqual([denied, denied]);
    expect(sent[0]?.url).toBe("https://api.example.com/evaluate/batch");
    expect(sent[0]?.body).toEqual({ checks: [isolationCheck, isolationCheck] });
  });

  it("posts a bare array to /roles/batch and returns the created roles", async () => {
    const items = [
      { name: "Admin", description: "Full project access", scopeId: "scope_project_crm" },
      { name: "Viewer", description: "Read only", scopeId: "scope_project_crm" },
    ];
    const roles: Role[] = items.map((item, index) => ({
      ...item,
      id: `role_${index}`,
      tenantId: "tenant_acme",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    }));
    const { fetch, sent } = fakeFetch(json(201, { data: roles }));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const created = await bedrock.roles.createBatch(items);

    expect(created).toEqual(roles);
    expect(sent[0]).toMatchObject({
      method: "POST",
      url: "https://api.example.com/roles/batch",
      body: items,
    });
  });

  it("grants permissions on the role's own path", async () => {
    const { fetch, sent } = fakeFetch(json(201, { data: [] }));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const grants = await bedrock.roles.grant("role_sales_rep", ["perm_read"]);

    expect(grants).toEqual([]);
    expect(sent[0]).toMatchObject({
      method: "POST",
      url: "https://api.example.com/roles/role_sales_rep/permissions",
      body: { permissionIds: ["perm_read"] },
    });
  });

  it("puts list filters in the query string", async () => {
    const { fetch, sent } = fakeFetch(json(200, { data: [], nextCursor: null }));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const page = await bedrock.memberships.list({
      subjectId: "subject_acme_user",
      tenantId: "tenant_acme",
    });

    expect(page).toEqual({ data: [], nextCursor: null });
    expect(sent[0]).toMatchObject({
      method: "GET",
      url: "https://api.example.com/memberships?subjectId=subject_acme_user&tenantId=tenant_acme",
      body: undefined,
    });
  });

  it("updates and deletes a tenant by id", async () => {
    const tenant = { id: "tenant_acme", name: "Acme Corporation" };
    const { fetch, sent } = fakeFetch(json(200, tenant), new Response(null, { status: 204 }));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const updated = await bedrock.tenants.update("tenant_acme", { name: "Acme Corporation" });
    const deleted = await bedrock.tenants.delete("tenant_acme");

    expect(updated).toEqual(tenant);
    expect(deleted).toBeUndefined();
    expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "PATCH https://api.example.com/tenants/tenant_acme",
      "DELETE https://api.example.com/tenants/tenant_acme",
    ]);
  });

  it("sends extra headers but keeps its own bearer token", async () => {
    const seen: Headers[] = [];
    const bedrock = createBedrock({
      baseUrl,
      token,
      headers: { "x-request-id": "req-1", authorization: "Bearer other" },
      fetch: async (request) => {
        seen.push(request.headers);
        return json(200, denied);
      },
    });

    await bedrock.evaluate(isolationCheck);

    expect(seen[0]?.get("x-request-id")).toBe("req-1");
    expect(seen[0]?.get("authorization")).toBe("Bearer test-token");
  });

  it("looks up globalThis.fetch at call time when no fetch is given", async () => {
    const bedrock = createBedrock({ baseUrl, token });
    const { fetch, sent } = fakeFetch(json(200, denied));
    vi.stubGlobal("fetch", fetch);

    const decision = await bedrock.evaluate(isolationCheck);

    expect(decision).toEqual(denied);
    expect(sent).toHaveLength(1);
  });

  it("reaches any operation through raw, with the token set", async () => {
    const { fetch, sent } = fakeFetch(json(200, { id: "tenant_acme" }));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const { data, response } = await bedrock.raw.GET("/tenants/{id}", {
      params: { path: { id: "tenant_acme" } },
    });

    expect(response.status).toBe(200);
    expect(data).toEqual({ id: "tenant_acme" });
    expect(sent[0]).toMatchObject({
      method: "GET",
      url: "https://api.example.com/tenants/tenant_acme",
      authorization: "Bearer test-token",
    });
  });
});

describe("createBedrock errors", () => {
  it("throws a BedrockApiError carrying the problem of a 422", async () => {
    const body = {
      type: "https://bedrock.dev/problems/tenant-user-limit-reached",
      title: "The tenant's user limit is reached",
      status: 422,
      detail: "tenant tenant_acme allows 50 users",
      code: "tenant_user_limit_reached",
      errors: [{ code: "limit", path: "body.subjectId", message: "subjectId: would be user 51" }],
    };
    const { fetch } = fakeFetch(problem(422, body));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const error = await bedrock.memberships
      .create({ subjectId: "subject_acme_user", scopeId: "scope_project_crm" })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BedrockApiError);
    expect(error).toMatchObject({
      name: "BedrockApiError",
      status: 422,
      code: "tenant_user_limit_reached",
      detail: "tenant tenant_acme allows 50 users",
      errors: body.errors,
      problem: body,
    });
  });

  it("gives an empty list of field issues when the problem has none", async () => {
    const body = {
      type: "https://bedrock.dev/problems/not-found",
      title: "Not found",
      status: 404,
      detail: "tenant tenant_gone does not exist",
      code: "not_found",
    };
    const { fetch } = fakeFetch(problem(404, body));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const error = await bedrock.tenants.get("tenant_gone").catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 404, code: "not_found", errors: [], problem: body });
  });

  it("throws network_error, keeping the cause, when fetch rejects", async () => {
    const cause = new TypeError("fetch failed");
    const bedrock = createBedrock({
      baseUrl,
      token,
      fetch: () => Promise.reject(cause),
    });

    const error = await bedrock.evaluate(isolationCheck).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BedrockApiError);
    expect(error).toMatchObject({ status: 0, code: "network_error", problem: undefined, cause });
  });

  it("throws unexpected_response for an error without a problem body", async () => {
    const html = new Response("<h1>Bad gateway</h1>", {
      status: 502,
      statusText: "Bad Gateway",
      headers: { "content-type": "text/html" },
    });
    const { fetch } = fakeFetch(html);
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const error = await bedrock.tenants.list().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BedrockApiError);
    expect(error).toMatchObject({ status: 502, code: "unexpected_response", errors: [] });
  });

  it("throws unexpected_response for a success whose body is not JSON", async () => {
    const { fetch } = fakeFetch(new Response("not json", { status: 200 }));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const error = await bedrock.evaluate(isolationCheck).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BedrockApiError);
    expect(error).toMatchObject({ code: "unexpected_response" });
  });
});
