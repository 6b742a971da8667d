import { beforeEach, describe, expect, it } from "vitest";
import { twoTenants } from "./fixtures.js";
import { createHarness, type Harness } from "./harness.js";

let api: Harness;

beforeEach(async () => {
  api = await createHarness();
});

async function withKey(method: string, path: string, key: string, body: unknown) {
  const answer = await api.handler({
    method,
    path,
    query: {},
    headers: { authorization: "Bearer admin", "idempotency-key": key },
    body: JSON.stringify(body),
  });
  return answer as {
    status: number;
    body: { id: string; code?: string };
    headers?: Record<string, string>;
  };
}

describe("Idempotency-Key", () => {
  it("returns the first answer to a retry and creates nothing new", async () => {
    const body = { name: "Acme", slug: "acme" };

    const first = await withKey("POST", "/tenants", "k-1", body);
    const retry = await withKey("POST", "/tenants", "k-1", body);
    const tenants = await api.call("GET", "/tenants");

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers?.["idempotent-replayed"]).toBe("true");
    expect(tenants.body.data).toHaveLength(1);
  });

  it("answers the same key with another body with 409", async () => {
    await withKey("POST", "/tenants", "k-2", { name: "Acme", slug: "acme" });

    const other = await withKey("POST", "/tenants", "k-2", { name: "Globex", slug: "globex" });

    expect(other).toMatchObject({ status: 409, body: { code: "idempotency_key_reused" } });
  });

  it("lets twenty concurrent retries create exactly one record", async () => {
    const body = { subjectType: "agent", externalId: "bot" };

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => withKey("POST", "/subjects", "k-3", body)),
    );

    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect((await api.call("GET", "/subjects")).body.data).toHaveLength(1);
  });
});

describe("revisions", () => {
  it("bumps the tenant's revision on every write and reports it", async () => {
    const tenant = await api.call("POST", "/tenants", { id: "tenant_a", name: "A", slug: "a" });
    const workspace = await api.call("POST", "/workspaces", { tenantId: "tenant_a", name: "W" });
    const renamed = await api.call("PATCH", `/workspaces/${workspace.body.id}`, { name: "W2" });

    expect(tenant.headers["bedrock-revision"]).toBe("1");
    expect(workspace.headers["bedrock-revision"]).toBe("2");
    expect(renamed.headers["bedrock-revision"]).toBe("3");
    expect((await api.call("GET", "/tenants/tenant_a")).body.revision).toBe(3);
  });
});

describe("lists", () => {
  it("pages without repeating or skipping, even when items are added between pages", async () => {
    for (let i = 0; i < 7; i++) await api.call("POST", "/subjects", { subjectType: "agent" });
    const seen: string[] = [];

    let page = await api.call("GET", "/subjects?limit=3");
    seen.push(...page.body.data.map((s: { id: string }) => s.id));
    await api.call("POST", "/subjects", { subjectType: "agent" });
    while (page.body.nextCursor !== null) {
      page = await api.call("GET", `/subjects?limit=3&cursor=${page.body.nextCursor}`);
      seen.push(...page.body.data.map((s: { id: string }) => s.id));
    }

    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(8);
    expect([...seen].sort()).toEqual(seen);
  });

  it.each(["/memberships?subjectId=", "/tenants?slug=", "/roles?scopeId="])(
    "refuses the empty filter %s with 400 rather than listing everything",
    async (path) => {
      const answer = await api.call("GET", path);

      expect(answer).toMatchObject({ status: 400, body: { code: "validation_failed" } });
    },
  );

  it("refuses a cursor it did not issue", async () => {
    const answer = await api.call("GET", "/subjects?cursor=%%%");

    expect(answer).toMatchObject({ status: 400, body: { code: "validation_failed" } });
  });
});

describe("subject meta", () => {
  it.each([
    ["nested six levels", { a: { b: { c: { d: { e: { f: 1 } } } } } }],
    ["over 16 KiB", { blob: "x".repeat(17_000) }],
  ])("refuses meta %s with 400", async (_case, meta) => {
    const answer = await api.call("POST", "/subjects", { subjectType: "agent", meta });

    expect(answer).toMatchObject({ status: 400, body: { code: "validation_failed" } });
  });
});

describe("uniqueness", () => {
  it("compares emails case-insensitively and keeps them as given", async () => {
    const first = await api.call("POST", "/users", { email: "Ann@Acme.com" });
    const second = await api.call("POST", "/users", { email: "ann@acme.COM" });

    expect(first.body.email).toBe("Ann@Acme.com");
    expect(second).toMatchObject({ status: 409, body: { code: "already_exists" } });
    expect((await api.call("GET", "/users?email=ANN@acme.com")).body.data).toHaveLength(1);
  });

  it("refuses a second role with the same name at one scope", async () => {
    await twoTenants(api);

    await api.call("POST", "/roles", { scopeId: "scope_project_acme", name: "Admin" });
    const again = await api.call("POST", "/roles", {
      scopeId: "scope_project_acme",
      name: "Admin",
    });
    const elsewhere = await api.call("POST", "/roles", {
      scopeId: "scope_project_globex",
      name: "Admin",
    });

    expect(again.status).toBe(409);
    expect(elsewhere.status).toBe(201);
  });
});

describe("tenant user limit", () => {
  it("counts users by membership or default tenant, never agents, and refuses the one too many", async () => {
    await api.call("POST", "/tenants", {
      id: "tenant_small",
      name: "S",
      slug: "small",
      maxUsers: 2,
    });
    const scope = "scope_tenant_small";
    const agent = (await api.call("POST", "/subjects", { subjectType: "agent" })).body;
    const u1 = (
      await api.call("POST", "/users", { email: "1@s.com", defaultTenantId: "tenant_small" })
    ).body;
    const u2 = (await api.call("POST", "/users", { email: "2@s.com" })).body;
    const u3 = (await api.call("POST", "/users", { email: "3@s.com" })).body;

    const agentIn = await api.call("POST", "/memberships", { subjectId: agent.id, scopeId: scope });
    const u1In = await api.call("POST", "/memberships", {
      subjectId: u1.subjectId,
      scopeId: scope,
    });
    const u2In = await api.call("POST", "/memberships", {
      subjectId: u2.subjectId,
      scopeId: scope,
    });
    const u3In = await api.call("POST", "/memberships", {
      subjectId: u3.subjectId,
      scopeId: scope,
    });

    expect([agentIn.status, u1In.status, u2In.status]).toEqual([201, 201, 201]);
    expect(u3In).toMatchObject({ status: 422, body: { code: "tenant_user_limit_reached" } });
  });
});

describe("text", () => {
  it.each([
    ["a NUL character", '{"subjectType":"agent","displayName":"a\\u0000b"}', "body.displayName"],
    ["a lone surrogate in meta", '{"subjectType":"agent","meta":{"k":"\\ud800"}}', "body.meta.k"],
  ])("refuses %s with 400 naming where it is", async (_case, body, path) => {
    const answer = await api.call("POST", "/subjects", body);

    expect(answer).toMatchObject({ status: 400, body: { code: "validation_failed" } });
    expect(answer.body.errors[0].path).toBe(path);
    expect((await api.call("GET", "/subjects")).body.data).toEqual([]);
  });

  it("keeps characters outside the basic plane", async () => {
    const answer = await api.call("POST", "/subjects", {
      subjectType: "agent",
      displayName: "🤖 bot",
    });

    expect(answer.body.displayName).toBe("🤖 bot");
  });
});
