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

describe("createBedrock resources", () => {
  const noContent = () => new Response(null, { status: 204 });
  const page = (data: unknown[], nextCursor: string | null = null) =>
    json(200, { data, nextCursor });

  it("gets a scope with its ancestors and lists scopes by kind", async () => {
    const scope = { id: "scope_env_prod", tenantId: "tenant_acme", kind: "environment" };
    const ancestors = [{ id: "scope_project_crm" }, { id: "scope_tenant_acme" }];
    const { fetch, sent } = fakeFetch(json(200, { ...scope, ancestors }), page([scope]));
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const got = await bedrock.scopes.get("scope_env_prod");
    const listed = await bedrock.scopes.list({ tenantId: "tenant_acme", kind: "environment" });

    expect(got.ancestors.map((a) => a.id)).toEqual(["scope_project_crm", "scope_tenant_acme"]);
    expect(listed).toEqual({ data: [scope], nextCursor: null });
    expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "GET https://api.example.com/scopes/scope_env_prod",
      "GET https://api.example.com/scopes?tenantId=tenant_acme&kind=environment",
    ]);
  });

  it("creates an API key with its token and revokes it with DELETE", async () => {
    const key = { id: "key_1", name: "ci", tenantId: "tenant_acme", revokedAt: null };
    const revoked = { ...key, revokedAt: "2026-01-01T00:00:00.000Z" };
    const { fetch, sent } = fakeFetch(
      json(201, { ...key, token: "bk_secret" }),
      json(200, revoked),
    );
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const created = await bedrock.apiKeys.create({
      name: "ci",
      tenantId: "tenant_acme",
      permissions: ["evaluate"],
    });
    const answer = await bedrock.apiKeys.revoke("key_1");

    expect(created.token).toBe("bk_secret");
    expect(answer).toEqual(revoked);
    expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "POST https://api.example.com/api-keys",
      "DELETE https://api.example.com/api-keys/key_1",
    ]);
  });

  it("lists, iterates and revokes a role's permissions on the role's path", async () => {
    const permission = (id: string) => ({ id, key: `customer:${id}:*` });
    const { fetch, sent } = fakeFetch(
      page([permission("read")], "c1"),
      page([permission("read")], "c1"),
      page([permission("write")]),
      noContent(),
    );
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const first = await bedrock.roles.permissions("role_viewer", { limit: 1 });
    const ids: string[] = [];
    for await (const p of bedrock.roles.iteratePermissions("role_viewer")) ids.push(p.id);
    const revoked = await bedrock.roles.revoke("role_viewer", "read");

    expect(first.nextCursor).toBe("c1");
    expect(ids).toEqual(["read", "write"]);
    expect(revoked).toBeUndefined();
    expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "GET https://api.example.com/roles/role_viewer/permissions?limit=1",
      "GET https://api.example.com/roles/role_viewer/permissions",
      "GET https://api.example.com/roles/role_viewer/permissions?cursor=c1",
      "DELETE https://api.example.com/roles/role_viewer/permissions/read",
    ]);
  });

  it("lists and deletes both kinds of override", async () => {
    const { fetch, sent } = fakeFetch(page([]), noContent(), page([]), noContent());
    const bedrock = createBedrock({ baseUrl, token, fetch });

    await bedrock.overrides.permissions.list({ childScopeId: "scope_env_prod" });
    await bedrock.overrides.permissions.delete("ovr_1");
    await bedrock.overrides.rolePermissions.list({ roleId: "role_viewer" });
    await bedrock.overrides.rolePermissions.delete("ovr_2");

    expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "GET https://api.example.com/scope-overrides/permissions?childScopeId=scope_env_prod",
      "DELETE https://api.example.com/scope-overrides/permissions/ovr_1",
      "GET https://api.example.com/scope-overrides/role-permissions?roleId=role_viewer",
      "DELETE https://api.example.com/scope-overrides/role-permissions/ovr_2",
    ]);
  });

  it("iterates audit events and extends a role assignment", async () => {
    const event = (id: string) => ({ id, operation: "role.create" });
    const assignment = { id: "ra_1", expiresAt: "2027-01-01T00:00:00.000Z" };
    const { fetch, sent } = fakeFetch(
      page([event("audit_1")], "audit_1"),
      page([event("audit_2")]),
      json(200, assignment),
    );
    const bedrock = createBedrock({ baseUrl, token, fetch });

    const ids: string[] = [];
    for await (const e of bedrock.auditEvents.iterate({ targetId: "role_1" })) ids.push(e.id);
    const updated = await bedrock.roleAssignments.update("ra_1", {
      expiresAt: "2027-01-01T00:00:00.000Z",
    });

    expect(ids).toEqual(["audit_1", "audit_2"]);
    expect(updated).toEqual(assignment);
    expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "GET https://api.example.com/audit-events?targetId=role_1",
      "GET https://api.example.com/audit-events?targetId=role_1&cursor=audit_1",
      "PATCH https://api.example.com/role-assignments/ra_1",
    ]);
    expect(sent[2]?.body).toEqual({ expiresAt: "2027-01-01T00:00:00.000Z" });
  });

  it("offers only the operations the API has", () => {
    const bedrock = createBedrock({ baseUrl, token, fetch: async () => json(200, {}) });

    expect(Object.keys(bedrock.memberships).sort()).toEqual([
      "create",
      "createBatch",
      "delete",
      "get",
      "iterate",
      "list",
    ]);
    expect(Object.keys(bedrock.auditEvents).sort()).toEqual(["get", "iterate", "list"]);
    expect(Object.keys(bedrock.apiKeys).sort()).toEqual([
      "create",
      "get",
      "iterate",
      "list",
      "revoke",
    ]);
  });
});
