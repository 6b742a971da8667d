import { Bedrock, MemoryStore } from "@bedrock/core";
import { describe, expect, it } from "vitest";
import { createKeyAuthenticator } from "../src/authenticator.js";
import { createApiHandler } from "../src/handler.js";

async function keyedApi() {
  const bedrock = await Bedrock.open(new MemoryStore());
  const { hashToken } = await import("@bedrock/core");
  const handler = createApiHandler({
    bedrock,
    authenticate: createKeyAuthenticator(bedrock, await hashToken("root")),
  });
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const [pathname = path, search = ""] = path.split("?");
    const answer = await handler({
      method,
      path: pathname,
      query: Object.fromEntries(new URLSearchParams(search)),
      headers: { authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: answers are asserted structurally
    return answer as { status: number; body: any };
  };
  await call("POST", "/tenants", "root", { id: "tenant_acme", name: "Acme", slug: "acme" });
  return { call };
}

describe("API keys", () => {
  it("shows the token once, stores only its hash, and authenticates with it", async () => {
    const { call } = await keyedApi();

    const created = await call("POST", "/api-keys", "root", {
      name: "ci",
      tenantId: "tenant_acme",
      permissions: ["manage"],
    });
    const listed = await call("GET", "/api-keys", "root");
    const fetched = await call("GET", `/api-keys/${created.body.id}`, "root");
    const asKey = await call("GET", "/tenants", created.body.token);

    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^bdr_/);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect(JSON.stringify(listed.body)).not.toContain("tokenHash");
    expect(fetched.body).not.toHaveProperty("token");
    expect(asKey.body.data.map((t: { id: string }) => t.id)).toEqual(["tenant_acme"]);
  });

  it("stops authenticating a key the moment it is revoked", async () => {
    const { call } = await keyedApi();
    const key = (await call("POST", "/api-keys", "root", { name: "k", permissions: ["manage"] }))
      .body;

    const revoked = await call("DELETE", `/api-keys/${key.id}`, "root");
    const after = await call("GET", "/tenants", key.token);

    expect(revoked.body.revokedAt).not.toBeNull();
    expect(after).toMatchObject({ status: 401, body: { code: "unauthorized" } });
  });

  it("lets an evaluate-only key evaluate but not write", async () => {
    const { call } = await keyedApi();
    const key = (await call("POST", "/api-keys", "root", { name: "k", permissions: ["evaluate"] }))
      .body;

    const write = await call("POST", "/workspaces", key.token, {
      tenantId: "tenant_acme",
      name: "W",
    });
    const read = await call("GET", "/tenants", key.token);
    const evaluate = await call("POST", "/evaluate", key.token, {
      actor: { subjectId: "subject_x", subjectType: "user" },
      scopeId: "scope_tenant_acme",
      action: "read",
      resource: { resourceType: "doc" },
    });

    expect(write).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect(read).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect(evaluate.status).toBe(200);
  });

  it("cannot hand out rights it lacks", async () => {
    const { call } = await keyedApi();
    const key = (await call("POST", "/api-keys", "root", { name: "k", permissions: ["manage"] }))
      .body;

    const answer = await call("POST", "/api-keys", key.token, {
      name: "k2",
      permissions: ["manage", "evaluate"],
    });

    expect(answer).toMatchObject({ status: 403, body: { code: "forbidden" } });
  });

  it("keeps tokens out of audit events and error bodies", async () => {
    const { call } = await keyedApi();
    const key = (await call("POST", "/api-keys", "root", { name: "k", permissions: ["manage"] }))
      .body;

    const audit = await call("GET", "/audit-events?targetType=apiKeys", "root");
    const refused = await call("GET", "/tenants", `${key.token}x`);

    expect(audit.body.data).toHaveLength(1);
    expect(JSON.stringify(audit.body)).not.toContain(key.token);
    expect(JSON.stringify(audit.body)).not.toContain("tokenHash");
    expect(JSON.stringify(refused.body)).not.toContain(key.token);
  });

  it("records which key made each write", async () => {
    const { call } = await keyedApi();
    const key = (await call("POST", "/api-keys", "root", { name: "k", permissions: ["manage"] }))
      .body;

    await call("POST", "/workspaces", key.token, {
      id: "workspace_w",
      tenantId: "tenant_acme",
      name: "W",
    });
    const events = await call("GET", "/audit-events?targetId=workspace_w", "root");

    expect(events.body.data).toEqual([
      expect.objectContaining({
        actorKeyId: key.id,
        operation: "createWorkspace",
        targetType: "workspaces",
        targetId: "workspace_w",
        tenantId: "tenant_acme",
        before: null,
        after: expect.objectContaining({ id: "workspace_w", name: "W" }),
      }),
    ]);
  });
});
