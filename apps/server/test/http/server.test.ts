import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.js";
import { type RunningServer, startServer } from "../../src/server.js";

const token = "test-admin-token";
let server: RunningServer | undefined;
let logged: string;

const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "bedrock-http-"));
  dirs.push(dir);
  return dir;
}

async function start(
  env: Record<string, string> = { BEDROCK_ADMIN_TOKEN: token },
  dataDir = freshDir(),
) {
  logged = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  });
  const logger = pino({ level: "debug", redact: ["req.headers.authorization"] }, sink);
  server = await startServer(readConfig({ PORT: "0", BEDROCK_DATA_DIR: dataDir, ...env }), logger);
  return server;
}

async function call(path: string, init: RequestInit & { auth?: string | null } = {}) {
  const headers = new Headers(init.headers);
  const auth = init.auth === undefined ? token : init.auth;
  if (auth !== null) headers.set("authorization", `Bearer ${auth}`);
  const response = await fetch(`${server?.url}${path}`, { ...init, headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}

afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the HTTP server", () => {
  it("refuses a request without a token with 401 problem+json", async () => {
    await start();

    const answer = await call("/tenants", { auth: null });

    expect(answer.status).toBe(401);
    expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("accepts a JSON body sent without a content type, as curl -d does", async () => {
    await start();

    const answer = await call("/tenants", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: JSON.stringify({ name: "Acme Corp", slug: "acme-curl" }),
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ name: "Acme Corp", slug: "acme-curl" });
    expect(answer.headers.get("bedrock-revision")).toBe(String(answer.body.revision));
  });

  it.each([
    { what: "malformed JSON", body: "{", status: 400, code: "invalid_json" },
    { what: "a missing body", body: "", status: 400, code: "validation_failed" },
    {
      what: "an unknown field",
      body: JSON.stringify({ name: "A", slug: "a", color: "red" }),
      status: 400,
      code: "validation_failed",
    },
    {
      what: "a body over 1 MB",
      body: JSON.stringify({ name: "x".repeat(1_100_000), slug: "big" }),
      status: 413,
      code: "payload_too_large",
    },
  ])("answers $what with $status $code and creates nothing", async ({ body, status, code }) => {
    await start();

    const answer = await call("/tenants", { method: "POST", body });
    const list = await call("/tenants");

    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ status, code });
    expect(list.body.data).toEqual([]);
  });

  it("answers an unknown path with 404 and a wrong method with 405", async () => {
    await start();

    const missing = await call("/nothing-here");
    const wrongMethod = await call("/evaluate", { method: "GET" });

    expect(missing.body).toMatchObject({ status: 404, code: "not_found" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });

  it("serves health, the OpenAPI document, docs and metrics without a token", async () => {
    await start();

    const health = await call("/healthz", { auth: null });
    const openapi = await call("/openapi.json", { auth: null });
    const docs = await fetch(`${server?.url}/docs`);
    const metrics = await fetch(`${server?.url}/metrics`);

    expect(health.body).toEqual({ status: "ok" });
    expect(openapi.body.openapi).toBe("3.1.0");
    expect(await docs.text()).toContain("swagger-ui-bundle.js");
    expect(await metrics.text()).toContain("bedrock_http_request_duration_seconds");
  });

  it("generates an admin token on first start, keeps only its hash, and never prints it again", async () => {
    const dataDir = freshDir();
    const first = await start({}, dataDir);
    const generated = first.generatedAdminToken;
    await first.close();
    server = undefined;

    const second = await start({}, dataDir);
    const answer = await call("/tenants", { auth: generated ?? "" });

    expect(generated).toMatch(/^bdr_admin_/);
    expect(second.generatedAdminToken).toBeUndefined();
    expect(answer.status).toBe(200);
  });

  it("never writes the token to its logs", async () => {
    await start();

    await call("/tenants");
    await call("/tenants", { auth: "wrong-token-value" });

    expect(logged).not.toContain(token);
    expect(logged).not.toContain("wrong-token-value");
    expect(logged).toContain("request refused");
    expect(logged).toContain('"operationId":"listTenants"');
  });

  it("reflects a write in the very next evaluate", async () => {
    await start();
    const tenant = (
      await call("/tenants", {
        method: "POST",
        body: JSON.stringify({ name: "T", slug: "t-next" }),
      })
    ).body;
    const ws = (
      await call("/workspaces", {
        method: "POST",
        body: JSON.stringify({ tenantId: tenant.id, name: "W" }),
      })
    ).body;
    const subject = (
      await call("/subjects", { method: "POST", body: JSON.stringify({ subjectType: "agent" }) })
    ).body;
    const question = {
      actor: { subjectId: subject.id, subjectType: "agent" },
      scopeId: ws.scopeId,
      action: "read",
      resource: { resourceType: "doc" },
    };
    const before = (await call("/evaluate", { method: "POST", body: JSON.stringify(question) }))
      .body;
    const role = (
      await call("/roles", {
        method: "POST",
        body: JSON.stringify({ scopeId: ws.scopeId, name: "R" }),
      })
    ).body;
    const perm = (
      await call("/permissions", {
        method: "POST",
        body: JSON.stringify({ scopeId: ws.scopeId, action: "read", resourceType: "doc" }),
      })
    ).body;
    await call(`/roles/${role.id}/permissions`, {
      method: "POST",
      body: JSON.stringify({ permissionIds: [perm.id] }),
    });
    const membership = (
      await call("/memberships", {
        method: "POST",
        body: JSON.stringify({ subjectId: subject.id, scopeId: ws.scopeId }),
      })
    ).body;
    await call("/role-assignments", {
      method: "POST",
      body: JSON.stringify({ roleId: role.id, membershipId: membership.id }),
    });

    const after = (await call("/evaluate", { method: "POST", body: JSON.stringify(question) }))
      .body;

    expect(before).toMatchObject({ allowed: false, reason: "no_membership" });
    expect(after).toMatchObject({
      allowed: true,
      reason: "allowed",
      matched: { roleId: role.id, permissionId: perm.id },
    });
  });
});

describe("starting up", () => {
  it("refuses an admin token shorter than 16 characters", () => {
    expect(() => readConfig({ BEDROCK_ADMIN_TOKEN: "short" })).toThrow(/at least 16 characters/);
  });

  it("says the port is taken, and generates no token it could not print", async () => {
    const first = await start({});
    const dataDir = freshDir();
    const busy = readConfig({ PORT: String(first.port), BEDROCK_DATA_DIR: dataDir });

    const attempt = startServer(busy, pino({ level: "silent" }));
    await expect(attempt).rejects.toThrow(/already in use: set PORT/);
    const retry = await startServer(
      readConfig({ PORT: "0", BEDROCK_DATA_DIR: dataDir }),
      pino({ level: "silent" }),
    );

    expect(retry.generatedAdminToken).toMatch(/^bdr_admin_/);
    await retry.close();
  });

  it.each([
    ["gzip that does not decode", "gzip", 400, "invalid_json"],
    ["an unknown encoding", "zstd-x", 415, "unsupported_media_type"],
  ])("answers a body in %s with %i %s", async (_case, encoding, status, code) => {
    await start();

    const answer = await call("/tenants", {
      method: "POST",
      headers: { "content-encoding": encoding },
      body: '{"name":"A","slug":"a"}',
    });

    expect(answer).toMatchObject({ status, body: { code } });
  });
});
