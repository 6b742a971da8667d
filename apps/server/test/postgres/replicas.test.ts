import { Writable } from "node:stream";
import { adminCaller } from "@bedrock/core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { type RunningServer, startServer } from "../../src/server.js";
import type { PostgresStore } from "../../src/store/index.js";
import { subject } from "../store/records.js";
import { skipWithoutPostgres, TestSchema } from "./test-database.js";

const token = "replica-admin-token";
const racers = 20;

interface Answer {
  status: number;
  revision: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely, field by field.
  body: any;
}

async function call(server: RunningServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const answer: Answer = {
    status: response.status,
    revision: response.headers.get("bedrock-revision"),
    body: text === "" ? undefined : JSON.parse(text),
  };
  return answer;
}

function tally(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

const skip = await skipWithoutPostgres();

describe.skipIf(skip)("two replicas on one PostgreSQL schema", { timeout: 20_000 }, () => {
  let schema: TestSchema;
  let a: RunningServer;
  let b: RunningServer;
  let logged = "";
  let password = "";
  /** Written through A before B started, so B loaded it rather than heard of it. */
  let preloaded: Awaited<ReturnType<typeof grantedUser>>;

  /** Sends each racer's request to A or B in turn. */
  function race(send: (server: RunningServer, i: number) => Promise<Answer>) {
    return Promise.all(Array.from({ length: racers }, (_, i) => send(i % 2 === 0 ? a : b, i)));
  }

  /** A tenant with a role allowing `read customer`, and a user holding it at the tenant. */
  async function grantedUser(server: RunningServer, slug: string) {
    const tenant = (await call(server, "POST", "/tenants", { name: slug, slug })).body;
    const permission = (
      await call(server, "POST", "/permissions", {
        scopeId: tenant.scopeId,
        action: "read",
        resourceType: "customer",
      })
    ).body;
    const role = (
      await call(server, "POST", "/roles", {
        scopeId: tenant.scopeId,
        name: "Reader",
        permissionIds: [permission.id],
      })
    ).body;
    const workspace = (
      await call(server, "POST", "/workspaces", { tenantId: tenant.id, name: "W" })
    ).body;
    const project = (
      await call(server, "POST", "/projects", { workspaceId: workspace.id, name: "P" })
    ).body;
    const user = (await call(server, "POST", "/users", { email: `${slug}@example.com` })).body;
    const membership = (
      await call(server, "POST", "/memberships", {
        subjectId: user.subjectId,
        scopeId: tenant.scopeId,
      })
    ).body;
    const assigned = await call(server, "POST", "/role-assignments", {
      roleId: role.id,
      membershipId: membership.id,
    });
    expect(assigned.status).toBe(201);
    return { tenant, role, project, subjectId: user.subjectId as string };
  }

  /** Asks whether a user may `read` (or `action`) customers at a scope. */
  function evaluate(
    server: RunningServer,
    subjectId: string,
    scopeId: string,
    extra: { action?: string; minRevision?: number } = {},
  ) {
    return call(server, "POST", "/evaluate", {
      actor: { subjectId, subjectType: "user" },
      scopeId,
      action: "read",
      resource: { resourceType: "customer" },
      ...extra,
    });
  }

  beforeAll(async () => {
    schema = await TestSchema.create("replicas");
    const start = (url: string, logger = createLogger("silent")) =>
      startServer(readConfig({ PORT: "0", DATABASE_URL: url, BEDROCK_ADMIN_TOKEN: token }), logger);
    a = await start(schema.url);
    preloaded = await grantedUser(a, "read-your-writes");

    const url = new URL(schema.url);
    if (url.username !== "" && url.password === "") url.password = "kept-out-of-logs";
    password = url.password;
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged += String(chunk);
        done();
      },
    });
    b = await start(url.toString(), pino({ level: "info" }, sink));
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  it("logs that it uses PostgreSQL, without the password", () => {
    expect(logged).toContain('"store":"postgres"');
    expect(logged).toContain(`"schema":"${schema.name}"`);
    if (password !== "") expect(logged).not.toContain(password);
  });

  it("shows a write through one replica to an evaluate on the other within two seconds", async () => {
    const { project, subjectId } = await grantedUser(a, "seen-elsewhere");

    const started = Date.now();
    await vi.waitFor(
      async () => expect((await evaluate(b, subjectId, project.scopeId)).body.allowed).toBe(true),
      { timeout: 2000, interval: 20 },
    );

    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("answers at once on the other replica when asked for the revision the write returned", async () => {
    const { tenant, role, project, subjectId } = preloaded;
    const permission = (
      await call(a, "POST", "/permissions", {
        scopeId: tenant.scopeId,
        action: "write",
        resourceType: "customer",
      })
    ).body;

    const granted = await call(a, "POST", `/roles/${role.id}/permissions`, {
      permissionIds: [permission.id],
    });
    const decision = await evaluate(b, subjectId, project.scopeId, {
      action: "write",
      minRevision: Number(granted.revision),
    });

    expect(granted.status).toBe(201);
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({ allowed: true, reason: "allowed" });
    expect(decision.body.revision).toBeGreaterThanOrEqual(Number(granted.revision));
  });

  it("gives one tenant per slug across both, and clean 409s for the rest", async () => {
    const answers = await race((server, i) =>
      call(server, "POST", "/tenants", { name: `Racer ${i}`, slug: "one-slug" }),
    );

    expect(tally(answers)).toEqual({ 201: 1, 409: racers - 1 });
    const refused = answers.filter((answer) => answer.status === 409);
    expect(refused.every((answer) => answer.body.code === "already_exists")).toBe(true);
  });

  it("creates one record for one Idempotency-Key sent to both at once, and replays it", async () => {
    const tenant = (await call(a, "POST", "/tenants", { name: "I", slug: "idempotent" })).body;
    const send = (server: RunningServer) =>
      fetch(`${server.url}/workspaces`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "idempotency-key": "one-key" },
        body: JSON.stringify({ tenantId: tenant.id, name: "Once" }),
      }).then(async (response) => ({ status: response.status, body: await response.json() }));

    const answers = await Promise.all(
      Array.from({ length: racers }, (_, i) => send(i % 2 ? a : b)),
    );
    const listed = await call(b, "GET", `/workspaces?tenantId=${tenant.id}`);

    expect(answers.map((answer) => answer.status)).toEqual(Array(racers).fill(201));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(listed.body.data).toHaveLength(1);
  });

  it("gives one membership per subject and scope across both", async () => {
    const tenant = (await call(a, "POST", "/tenants", { name: "M", slug: "members" })).body;
    const agent = (await call(a, "POST", "/subjects", { subjectType: "agent" })).body;

    const answers = await race((server) =>
      call(server, "POST", "/memberships", { subjectId: agent.id, scopeId: tenant.scopeId }),
    );

    expect(tally(answers)).toEqual({ 201: 1, 409: racers - 1 });
  });

  it("admits exactly maxUsers users across both and refuses the rest with 422", async () => {
    const tenant = (await call(a, "POST", "/tenants", { name: "L", slug: "limited", maxUsers: 5 }))
      .body;

    const answers = await race((server, i) =>
      call(server, "POST", "/users", { email: `u${i}@limited.com`, defaultTenantId: tenant.id }),
    );

    expect(tally(answers)).toEqual({ 201: 5, 422: racers - 5 });
    const refused = answers.filter((answer) => answer.status === 422);
    expect(refused.every((answer) => answer.body.code === "tenant_user_limit_reached")).toBe(true);
  });

  it("leaves nothing of a write that throws midway, on either replica", async () => {
    const failure = new Error("stopped midway");

    const write = a.bedrock.write(adminCaller, "test.abandon", async (m) => {
      await m.insert("subjects", subject("subject_abandoned"));
      throw failure;
    });

    await expect(write).rejects.toBe(failure);
    for (const server of [a, b]) {
      expect((await call(server, "GET", "/subjects/subject_abandoned")).status).toBe(404);
    }
    const events = await call(a, "GET", "/audit-events?targetId=subject_abandoned");
    expect(events.body.data).toEqual([]);
  });

  it("reloads and catches up after its listening connection drops", async () => {
    const reset = vi.spyOn(b.bedrock.index, "reset");
    const origin = (b.bedrock.store as PostgresStore).origin;

    await schema.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
      [`bedrock-listener-${origin}`],
    );
    const { project, subjectId } = await grantedUser(a, "while-away");

    await vi.waitFor(() => expect(reset).toHaveBeenCalled(), { timeout: 3000 });
    await vi.waitFor(
      async () => expect((await evaluate(b, subjectId, project.scopeId)).body.allowed).toBe(true),
      { timeout: 2000, interval: 20 },
    );
    reset.mockRestore();
  });
});
