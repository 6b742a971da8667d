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
    expect(retry.headers?.["bedrock-revision"]).toBe(first.headers?.["bedrock-revision"]);
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

    const first = Number(tenant.headers["bedrock-revision"]);
    expect(tenant.body.revision).toBe(first);
    expect(Number(workspace.headers["bedrock-revision"])).toBe(first + 1);
    expect(Number(renamed.headers["bedrock-revision"])).toBe(first + 2);
    expect((await api.call("GET", "/tenants/tenant_a")).body.revision).toBe(first + 2);
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

describe("body shape", () => {
  it("refuses a body nested thousands of levels deep with 400, not a crash", async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;

    const answer = await api.call("POST", "/subjects", deep);

    expect(answer).toMatchObject({ status: 400, body: { code: "validation_failed" } });
    expect(answer.body.errors[0].code).toBe("too_deep");
  });

  it("refuses a __proto__ key instead of silently dropping it", async () => {
    const body = '{"subjectType":"agent","meta":{"__proto__":{"polluted":1}}}';

    const answer = await api.call("POST", "/subjects", body);

    expect(answer).toMatchObject({ status: 400, body: { errors: [{ path: "body.meta" }] } });
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it("keeps ordinary keys such as constructor in meta", async () => {
    const answer = await api.call("POST", "/subjects", {
      subjectType: "agent",
      meta: { constructor: "x", "[odd": 1 },
    });

    expect(answer.body.meta).toEqual({ constructor: "x", "[odd": 1 });
  });
});

describe("Idempotency-Key claims", () => {
  const recordId = "admin:k-claim";

  it("replays for the same body with its keys in another order", async () => {
    const first = await withKey("POST", "/tenants", "k-order", { name: "Acme", slug: "acme" });

    const retry = await withKey("POST", "/tenants", "k-order", { slug: "acme", name: "Acme" });

    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
  });

  it("waits for a request another replica is answering, then replays its answer", async () => {
    const claimedAt = api.bedrock.now();
    const body = { subjectType: "agent" };
    const requestHash = await requestHashOf(body);
    await api.bedrock.store.transaction((tx) =>
      tx.insert("idempotencyKeys", {
        id: recordId,
        requestHash,
        status: 0,
        body: null,
        createdAt: claimedAt,
      }),
    );
    setTimeout(() => {
      void api.bedrock.store.transaction((tx) =>
        tx.update("idempotencyKeys", recordId, {
          status: 201,
          body: { body: { id: "subject_elsewhere" }, headers: { "bedrock-revision": "7" } },
        }),
      );
    }, 120);

    const answer = await withKey("POST", "/subjects", "k-claim", body);

    expect(answer).toMatchObject({ status: 201, body: { id: "subject_elsewhere" } });
    expect(answer.headers).toMatchObject({
      "bedrock-revision": "7",
      "idempotent-replayed": "true",
    });
    expect((await api.call("GET", "/subjects")).body.data).toEqual([]);
  });

  it("takes over a claim whose request never answered", async () => {
    const body = { subjectType: "agent" };
    const longAgo = new Date(Date.now() - 2 * 60 * 1000).toISOString();
    const requestHash = await requestHashOf(body);
    await api.bedrock.store.transaction((tx) =>
      tx.insert("idempotencyKeys", {
        id: recordId,
        requestHash,
        status: 0,
        body: null,
        createdAt: longAgo,
      }),
    );

    const answer = await withKey("POST", "/subjects", "k-claim", body);

    expect(answer.status).toBe(201);
    expect((await api.call("GET", "/subjects")).body.data).toHaveLength(1);
  });

  it("releases the key when the request is refused, so a fixed retry can succeed", async () => {
    const refused = await withKey("POST", "/workspaces", "k-fix", {
      tenantId: "tenant_later",
      name: "W",
    });
    await api.call("POST", "/tenants", { id: "tenant_later", name: "L", slug: "later" });

    const retried = await withKey("POST", "/workspaces", "k-fix", {
      tenantId: "tenant_later",
      name: "W",
    });

    expect(refused.status).toBe(404);
    expect(retried.status).toBe(201);
  });
});

async function requestHashOf(body: unknown): Promise<string> {
  const { hashToken } = await import("@bedrock/core");
  return hashToken(`post /subjects\n${JSON.stringify(body)}`);
}

describe("writes that change nothing, and users' tenants", () => {
  it("neither bumps the revision nor audits a patch that changes nothing", async () => {
    await api.call("POST", "/tenants", { id: "tenant_a", name: "A", slug: "a" });
    const events = async () =>
      (await api.call("GET", "/audit-events?targetId=tenant_a")).body.data.length;
    const before = await events();

    const same = await api.call("PATCH", "/tenants/tenant_a", { name: "A" });
    const empty = await api.call("PATCH", "/tenants/tenant_a", {});

    const created = (await api.call("GET", "/tenants/tenant_a")).body.revision;
    expect(same.body.revision).toBe(created);
    expect(empty.body.revision).toBe(created);
    expect(await events()).toBe(before);
  });

  it("bumps the default tenant's revision and files the audit event under it", async () => {
    const tenant = await api.call("POST", "/tenants", { id: "tenant_a", name: "A", slug: "a" });

    const user = await api.call("POST", "/users", {
      id: "user_u",
      email: "u@a.com",
      defaultTenantId: "tenant_a",
    });
    const events = await api.call("GET", "/audit-events?tenantId=tenant_a&targetType=users");

    expect(user.headers["bedrock-revisions"]).toBe(`tenant_a=${tenant.body.revision + 1}`);
    expect(events.body.data.map((e: { targetId: string }) => e.targetId)).toEqual(["user_u"]);
  });
});

describe("query parameters", () => {
  it("refuses a parameter given twice rather than guessing which one was meant", async () => {
    const answer = await api.call("GET", "/subjects?limit=1&limit=2");

    expect(answer).toMatchObject({ status: 400, body: { errors: [{ path: "query.limit" }] } });
  });

  it("ignores spaces around a filter value, as the guide's snippet sends them", async () => {
    await api.call("POST", "/subjects", { id: "subject_s", subjectType: "agent" });
    await api.call("POST", "/tenants", { id: "tenant_t", name: "T", slug: "t" });
    await api.call("POST", "/memberships", { subjectId: "subject_s", scopeId: "scope_tenant_t" });

    const answer = await api.call("GET", "/memberships?subjectId= subject_s ");

    expect(answer.body.data).toHaveLength(1);
  });
});

describe("revisions that matter for decisions", () => {
  it("bumps every tenant a subject is a member of when its status changes", async () => {
    for (const id of ["tenant_a", "tenant_b"]) {
      await api.call("POST", "/tenants", { id, name: id, slug: id.replace("_", "-") });
    }
    await api.call("POST", "/users", { id: "user_s", subjectId: "subject_s", email: "s@x.com" });
    for (const scopeId of ["scope_tenant_a", "scope_tenant_b"]) {
      await api.call("POST", "/memberships", { subjectId: "subject_s", scopeId });
    }
    const revisionOf = async (id: string) =>
      (await api.call("GET", `/tenants/${id}`)).body.revision;
    const before = { a: await revisionOf("tenant_a"), b: await revisionOf("tenant_b") };

    const disabled = await api.call("PATCH", "/subjects/subject_s", { status: "disabled" });
    const events = await api.call("GET", "/audit-events?tenantId=tenant_b&targetId=subject_s");

    expect(disabled.headers["bedrock-revisions"]).toBe(
      `tenant_a=${before.a + 1}, tenant_b=${before.b + 1}`,
    );
    expect(events.body.data.map((e: { operation: string }) => e.operation)).toEqual([
      "updateSubject",
    ]);
  });

  it("never goes back for a tenant deleted and created again with the same id", async () => {
    const first = await api.call("POST", "/tenants", { id: "tenant_r", name: "R", slug: "r" });
    for (let i = 0; i < 3; i++)
      await api.call("POST", "/workspaces", { tenantId: "tenant_r", name: `W${i}` });
    await api.call("DELETE", "/tenants/tenant_r");

    const again = await api.call("POST", "/tenants", { id: "tenant_r", name: "R", slug: "r" });

    expect(again.body.revision).toBeGreaterThan(first.body.revision + 3);
  });
});

describe("audit events", () => {
  it("show no internal columns, and no other tenant's id to the tenant they are filed under", async () => {
    for (const id of ["tenant_m", "tenant_n"]) {
      await api.call("POST", "/tenants", { id, name: id, slug: id.replace("_", "-") });
    }
    await api.call("POST", "/users", {
      id: "user_v",
      email: "v@x.com",
      defaultTenantId: "tenant_m",
    });

    await api.call("PATCH", "/users/user_v", { defaultTenantId: "tenant_n" });
    const underN = await api.call("GET", "/audit-events?tenantId=tenant_n&targetId=user_v");
    const underM = await api.call("GET", "/audit-events?tenantId=tenant_m&targetId=user_v");

    expect(JSON.stringify([underN.body, underM.body])).not.toContain("emailNormalized");
    const updateOf = (page: { data: { operation: string }[] }) =>
      page.data.find((event) => event.operation === "updateUser");
    expect(updateOf(underN.body)).toMatchObject({
      before: { defaultTenantId: null },
      after: { defaultTenantId: "tenant_n" },
    });
    expect(updateOf(underM.body)).toMatchObject({
      before: { defaultTenantId: "tenant_m" },
      after: { defaultTenantId: null },
    });
  });
});

describe("reads", () => {
  it("ignore Idempotency-Key: an evaluate answers afresh", async () => {
    const ask = {
      actor: { subjectId: "subject_x", subjectType: "agent" },
      scopeId: "scope_x",
      action: "read",
      resource: { resourceType: "doc" },
    };
    const first = await withKey("POST", "/evaluate", "k-read", ask);

    const other = await withKey("POST", "/evaluate", "k-read", { ...ask, action: "write" });

    expect(first.status).toBe(200);
    expect(other.status).toBe(200);
    expect(other.headers?.["idempotent-replayed"]).toBeUndefined();
  });

  it("answer HEAD like GET, without a body", async () => {
    const answer = await api.handler({ method: "HEAD", path: "/healthz", query: {}, headers: {} });

    expect(answer.status).toBe(200);
    expect(answer.body).toBeUndefined();
  });
});

describe("readiness", () => {
  it("answers 503 rather than hang when the store stops answering", async () => {
    const stuck = await createHarness();
    stuck.bedrock.store.read = () => new Promise(() => {});

    const answer = await stuck.handler({ method: "GET", path: "/readyz", query: {}, headers: {} });

    expect(answer).toMatchObject({ status: 503, body: { code: "unavailable" } });
    expect((answer.body as { detail: string }).detail).toContain("timed out");
  });

  it("answers 503 problem+json when the store does not answer", async () => {
    const failing = await createHarness();
    failing.bedrock.store.read = async () => {
      throw new Error("connection refused");
    };

    const answer = await failing.handler({
      method: "GET",
      path: "/readyz",
      query: {},
      headers: {},
    });

    expect(answer).toMatchObject({ status: 503, body: { code: "unavailable" } });
  });
});

describe("fixes a careful user relies on", () => {
  it("keeps no API key token for a retry: the retry is refused and names the key", async () => {
    const body = { name: "ci", permissions: ["evaluate"] };

    const first = await withKey("POST", "/api-keys", "k-secret", body);
    const retry = await withKey("POST", "/api-keys", "k-secret", body);
    const stored = await api.bedrock.read((r) => r.find("idempotencyKeys", {}));

    expect(first.status).toBe(201);
    expect(retry).toMatchObject({ status: 409, body: { code: "idempotency_key_reused" } });
    expect(JSON.stringify(retry.body)).toContain(first.body.id);
    expect(JSON.stringify(stored)).not.toContain((first.body as { token?: string }).token);
  });

  it("leaves a role assignment's expiry alone on an empty patch", async () => {
    await api.call("POST", "/tenants", { id: "tenant_e", name: "E", slug: "e" });
    const agent = (await api.call("POST", "/subjects", { subjectType: "agent" })).body;
    const membership = (
      await api.call("POST", "/memberships", { subjectId: agent.id, scopeId: "scope_tenant_e" })
    ).body;
    const role = (await api.call("POST", "/roles", { scopeId: "scope_tenant_e", name: "R" })).body;
    const assignment = (
      await api.call("POST", "/role-assignments", {
        roleId: role.id,
        membershipId: membership.id,
        expiresAt: "2000-01-01T00:00:00Z",
      })
    ).body;

    const patched = await api.call("PATCH", `/role-assignments/${assignment.id}`, {});
    const sameInstant = await api.call("PATCH", `/role-assignments/${assignment.id}`, {
      expiresAt: "2000-01-01T00:00:00.000Z",
    });

    expect(assignment.expiresAt).toBe("2000-01-01T00:00:00.000Z");
    expect(patched.body.expiresAt).toBe("2000-01-01T00:00:00.000Z");
    expect(patched.headers["bedrock-revision"]).toBeUndefined();
    expect(sameInstant.headers["bedrock-revision"]).toBeUndefined();
  });

  it("writes nothing for meta that differs only in key order", async () => {
    const agent = (
      await api.call("POST", "/subjects", { subjectType: "agent", meta: { a: 1, b: 2 } })
    ).body;

    const patched = await api.call("PATCH", `/subjects/${agent.id}`, { meta: { b: 2, a: 1 } });

    expect(patched.body.updatedAt).toBe(agent.updatedAt);
  });

  it("names a deleted tenant's next revision, so replicas asked for it find it gone", async () => {
    const tenant = (
      await api.call("POST", "/tenants", { id: "tenant_gone", name: "G", slug: "gone" })
    ).body;

    const deleted = await api.call("DELETE", "/tenants/tenant_gone");

    expect(deleted.headers["bedrock-revisions"]).toBe(`tenant_gone=${tenant.revision + 1}`);
  });

  it("files a subject's deletion under every tenant it belonged to", async () => {
    for (const id of ["tenant_p", "tenant_q"]) {
      await api.call("POST", "/tenants", { id, name: id, slug: id.replace("_", "-") });
    }
    await api.call("POST", "/users", {
      id: "user_w",
      subjectId: "subject_w",
      email: "w@x.com",
      defaultTenantId: "tenant_p",
    });
    await api.call("POST", "/memberships", { subjectId: "subject_w", scopeId: "scope_tenant_q" });

    const deleted = await api.call("DELETE", "/subjects/subject_w");
    const underQ = await api.call("GET", "/audit-events?tenantId=tenant_q&targetId=subject_w");
    const underP = await api.call("GET", "/audit-events?tenantId=tenant_p&targetId=subject_w");

    expect(deleted.headers["bedrock-revisions"]).toMatch(/^tenant_p=\d+, tenant_q=\d+$/);
    expect(underQ.body.data.map((e: { operation: string }) => e.operation)).toContain(
      "deleteSubject",
    );
    expect(underP.body.data.map((e: { operation: string }) => e.operation)).toContain(
      "deleteSubject",
    );
  });

  it("bumps the default tenant when a user tied to it by nothing else is disabled", async () => {
    await api.call("POST", "/tenants", { id: "tenant_d", name: "D", slug: "d" });
    const user = (
      await api.call("POST", "/users", { email: "d@x.com", defaultTenantId: "tenant_d" })
    ).body;

    const disabled = await api.call("PATCH", `/subjects/${user.subjectId}`, { status: "disabled" });

    expect(disabled.headers["bedrock-revisions"]).toMatch(/^tenant_d=\d+$/);
  });
});
