import { describe, expect, it } from "vitest";
import { type Consistency, createBedrock } from "./client.js";
import type { EvaluateRequest } from "./types.js";

const baseUrl = "https://api.example.com";

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

/**
 * What the fake server answers: a status, a body and the revision headers.
 * `revisions` sends both `Bedrock-Revision` (the highest) and
 * `Bedrock-Revisions`, as Bedrock does; `revision` alone is a server that
 * sends only `Bedrock-Revision`.
 */
interface Answer {
  status?: number;
  body?: unknown;
  revision?: number;
  revisions?: Record<string, number>;
}

function headersOf({ revision, revisions }: Answer): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (revision !== undefined) headers["bedrock-revision"] = String(revision);
  if (revisions === undefined) return headers;

  const pairs = Object.entries(revisions).sort(([a], [b]) => (a < b ? -1 : 1));
  headers["bedrock-revision"] = String(Math.max(...pairs.map(([, value]) => value)));
  headers["bedrock-revisions"] = pairs.map(([tenant, value]) => `${tenant}=${value}`).join(", ");
  return headers;
}

/**
 * A fetch standing in for a server: `routes` answers by "METHOD /path", and
 * evaluations are answered DENIED unless a route says otherwise. Scope
 * lookups take a turn of the event loop, and the most in flight at once is
 * counted.
 */
function fakeServer(routes: Record<string, Answer>, consistency: Consistency = "read-your-writes") {
  const sent: Sent[] = [];
  const lookups = { inFlight: 0, most: 0 };
  const fetch = async (request: Request): Promise<Response> => {
    const text = await request.text();
    const url = new URL(request.url);
    sent.push({
      method: request.method,
      path: url.pathname + url.search,
      body: text === "" ? undefined : JSON.parse(text),
    });
    if (url.pathname.startsWith("/scopes/")) {
      lookups.inFlight++;
      lookups.most = Math.max(lookups.most, lookups.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      lookups.inFlight--;
    }

    const checks = (JSON.parse(text || "{}") as { checks?: unknown[] }).checks ?? [];
    const denied = { allowed: false, decision: "DENIED", reason: "no_membership", revision: 1 };
    const fallback: Answer = url.pathname.startsWith("/evaluate")
      ? { body: url.pathname === "/evaluate" ? denied : { decisions: checks.map(() => denied) } }
      : { status: 404 };
    const answer = routes[`${request.method} ${url.pathname}`] ?? fallback;
    const status = answer.status ?? 200;
    const body = status === 204 ? null : JSON.stringify(answer.body ?? problem(status));
    return new Response(body, { status, headers: headersOf(answer) });
  };
  return { bedrock: createBedrock({ baseUrl, token: "t", fetch, consistency }), sent, lookups };
}

function problem(status: number) {
  return { type: "about:blank", title: "Problem", status, detail: "problem", code: "not_found" };
}

const record = (id: string, tenantId: string, scopeId: string) => ({ id, tenantId, scopeId });

const ask = (scopeId: string, minRevision?: number): EvaluateRequest => ({
  actor: { subjectId: "subject_ann", subjectType: "user" },
  scopeId,
  action: "read",
  resource: { resourceType: "customer" },
  ...(minRevision === undefined ? {} : { minRevision }),
});

const minRevisionOf = (sent: Sent | undefined) =>
  (sent?.body as EvaluateRequest | undefined)?.minRevision;

describe("createBedrock({ consistency: 'read-your-writes' })", () => {
  it("sends the revision of its last write in the scope's tenant as minRevision", async () => {
    const { bedrock, sent } = fakeServer({
      "POST /memberships": {
        status: 201,
        body: record("membership_1", "tenant_acme", "scope_project_crm"),
        revisions: { tenant_acme: 7 },
      },
    });

    await bedrock.memberships.create({ subjectId: "subject_ann", scopeId: "scope_project_crm" });
    await bedrock.evaluate(ask("scope_project_crm"));

    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      "POST /memberships",
      "POST /evaluate",
    ]);
    expect(minRevisionOf(sent[1])).toBe(7);
  });

  it("sends nothing with the default consistency", async () => {
    const routes = {
      "POST /memberships": {
        body: record("membership_1", "tenant_acme", "scope_x"),
        revisions: { tenant_acme: 7 },
      },
    };
    const { bedrock, sent } = fakeServer(routes, "eventual");

    await bedrock.memberships.create({ subjectId: "subject_ann", scopeId: "scope_x" });
    await bedrock.evaluate(ask("scope_x"));

    expect(minRevisionOf(sent[1])).toBeUndefined();
  });

  it("sends nothing before any write has been answered", async () => {
    const { bedrock, sent } = fakeServer({});

    await bedrock.evaluate(ask("scope_project_crm"));

    expect(sent.map((s) => s.path)).toEqual(["/evaluate"]);
    expect(minRevisionOf(sent[0])).toBeUndefined();
  });

  it("looks up the tenant of a scope it has not seen, once", async () => {
    const { bedrock, sent } = fakeServer({
      "POST /roles": {
        body: record("role_1", "tenant_acme", "scope_project_crm"),
        revisions: { tenant_acme: 5 },
      },
      "GET /scopes/scope_env_prod": {
        body: { id: "scope_env_prod", tenantId: "tenant_acme", ancestors: [] },
      },
    });

    await bedrock.roles.create({ scopeId: "scope_project_crm", name: "Viewer" });
    await bedrock.evaluate(ask("scope_env_prod"));
    await bedrock.evaluate(ask("scope_env_prod"));

    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      "POST /roles",
      "GET /scopes/scope_env_prod",
      "POST /evaluate",
      "POST /evaluate",
    ]);
    expect(sent.filter((s) => s.path === "/evaluate").map(minRevisionOf)).toEqual([5, 5]);
  });

  it("keeps each tenant's revision apart, check by check in a batch", async () => {
    const { bedrock, sent } = fakeServer({
      "POST /roles": {
        body: record("role_1", "tenant_acme", "scope_project_acme"),
        revisions: { tenant_acme: 40 },
      },
      "POST /permissions": {
        body: record("perm_1", "tenant_globex", "scope_project_globex"),
        revisions: { tenant_globex: 3 },
      },
      "POST /evaluate/batch": { body: { decisions: [] } },
    });

    await bedrock.roles.create({ scopeId: "scope_project_acme", name: "Viewer" });
    await bedrock.permissions.create({
      scopeId: "scope_project_globex",
      action: "read",
      resourceType: "customer",
    });
    await bedrock.evaluateBatch([ask("scope_project_globex"), ask("scope_project_acme")]);

    const batch = sent.at(-1)?.body as { checks: EvaluateRequest[] } | undefined;
    expect(batch?.checks.map((c) => c.minRevision)).toEqual([3, 40]);
  });

  it("keeps the highest revision, and a caller's own higher minRevision", async () => {
    const { bedrock, sent } = fakeServer({
      "POST /roles": {
        body: record("role_1", "tenant_acme", "scope_project_crm"),
        revisions: { tenant_acme: 9 },
      },
      "PATCH /tenants/tenant_acme": {
        body: { id: "tenant_acme", slug: "acme", scopeId: "scope_tenant_acme" },
        revisions: { tenant_acme: 4 },
      },
    });

    await bedrock.roles.create({ scopeId: "scope_project_crm", name: "Viewer" });
    await bedrock.tenants.update("tenant_acme", { name: "Acme" });
    await bedrock.evaluate(ask("scope_project_crm"));
    await bedrock.evaluate(ask("scope_project_crm", 12));

    const evaluations = sent.filter((s) => s.path === "/evaluate");
    expect(evaluations.map(minRevisionOf)).toEqual([9, 12]);
  });

  it("counts a delete towards the tenants its answer names", async () => {
    const { bedrock, sent } = fakeServer({
      "DELETE /role-assignments/ra_1": { status: 204, revisions: { tenant_acme: 6 } },
      "GET /scopes/scope_project_crm": {
        body: { id: "scope_project_crm", tenantId: "tenant_acme" },
      },
    });

    await bedrock.roleAssignments.delete("ra_1");
    await bedrock.evaluate(ask("scope_project_crm"));

    expect(minRevisionOf(sent.at(-1))).toBe(6);
  });

  it("never waits in one tenant for another's revision after a write touching both", async () => {
    const busy = "scope_project_busy";
    const quiet = "scope_project_quiet";
    const { bedrock, sent } = fakeServer({
      "POST /roles": {
        body: record("role_1", "tenant_busy", busy),
        revisions: { tenant_busy: 185 },
      },
      "GET /scopes/scope_project_quiet": { body: { id: quiet, tenantId: "tenant_quiet" } },
      "PATCH /users/user_ann": {
        body: { id: "user_ann", subjectId: "subject_ann", defaultTenantId: "tenant_quiet" },
        revisions: { tenant_busy: 186, tenant_quiet: 3 },
      },
    });

    await bedrock.roles.create({ scopeId: busy, name: "Viewer" });
    await bedrock.users.update("user_ann", { defaultTenantId: "tenant_quiet" });
    await bedrock.evaluate(ask(quiet));
    await bedrock.evaluate(ask(busy));

    const evaluations = sent.filter((s) => s.path === "/evaluate");
    expect(evaluations.map(minRevisionOf)).toEqual([3, 186]);
  });

  it("credits each tenant of a batch with its own revision", async () => {
    const { bedrock, sent } = fakeServer({
      "POST /memberships/batch": {
        status: 201,
        body: {
          data: [
            { ...record("m_1", "tenant_acme", "scope_project_acme"), roleAssignments: [] },
            { ...record("m_2", "tenant_globex", "scope_project_globex"), roleAssignments: [] },
          ],
        },
        revisions: { tenant_acme: 41, tenant_globex: 12 },
      },
    });

    await bedrock.memberships.createBatch([
      { subjectId: "subject_ann", scopeId: "scope_project_acme" },
      { subjectId: "subject_ann", scopeId: "scope_project_globex" },
    ]);
    await bedrock.evaluateBatch([ask("scope_project_globex"), ask("scope_project_acme")]);

    const batch = sent.at(-1)?.body as { checks: EvaluateRequest[] } | undefined;
    expect(batch?.checks.map((c) => c.minRevision)).toEqual([12, 41]);
  });

  it("attributes by the body when the server sends only Bedrock-Revision", async () => {
    const { bedrock, sent } = fakeServer({
      "POST /roles": { body: record("role_1", "tenant_acme", "scope_project_crm"), revision: 5 },
      "PATCH /users/user_ann": {
        body: { id: "user_ann", subjectId: "subject_ann", defaultTenantId: "tenant_acme" },
        revision: 90,
      },
    });

    await bedrock.roles.create({ scopeId: "scope_project_crm", name: "Viewer" });
    await bedrock.users.update("user_ann", { defaultTenantId: "tenant_acme" });
    await bedrock.evaluate(ask("scope_project_crm"));

    expect(minRevisionOf(sent.at(-1))).toBe(5);
  });

  it("stops looking up scopes when the key may not read them", async () => {
    const { bedrock, sent } = fakeServer({
      "POST /roles": {
        body: record("role_1", "tenant_acme", "scope_project_crm"),
        revisions: { tenant_acme: 5 },
      },
      "GET /scopes/scope_env_a": { status: 403 },
    });

    await bedrock.roles.create({ scopeId: "scope_project_crm", name: "Viewer" });
    await bedrock.evaluate(ask("scope_env_a"));
    await bedrock.evaluate(ask("scope_env_b"));

    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      "POST /roles",
      "GET /scopes/scope_env_a",
      "POST /evaluate",
      "POST /evaluate",
    ]);
    expect(sent.filter((s) => s.path === "/evaluate").map(minRevisionOf)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("sends minRevision on every lookup", async () => {
    const page = { data: [], nextCursor: null, revision: 8 };
    const { bedrock, sent } = fakeServer({
      "POST /roles": {
        body: record("role_1", "tenant_acme", "scope_project_crm"),
        revisions: { tenant_acme: 8 },
      },
      "POST /lookup/scopes": { body: page, revision: 8 },
      "POST /lookup/subjects": { body: page, revision: 8 },
      "GET /subjects/subject_ann/permissions": { body: page, revision: 8 },
    });
    const question = { action: "read", resourceType: "customer" };
    const subject = { subjectId: "subject_ann", subjectType: "user" as const };

    await bedrock.roles.create({ scopeId: "scope_project_crm", name: "Viewer" });
    await bedrock.lookup.scopes({ subject, tenantId: "tenant_acme", kind: "project", ...question });
    await bedrock.lookup.subjects({ scopeId: "scope_project_crm", ...question });
    await bedrock.subjects.permissions("subject_ann", "scope_project_crm");

    expect(sent.slice(1).map((s) => (s.body as { minRevision?: number })?.minRevision)).toEqual([
      8,
      8,
      undefined,
    ]);
    expect(sent.at(-1)?.path).toBe(
      "/subjects/subject_ann/permissions?scopeId=scope_project_crm&minRevision=8",
    );
  });

  it("throws revision_not_reached when the server cannot catch up", async () => {
    const { bedrock } = fakeServer({
      "POST /roles": {
        body: record("role_1", "tenant_acme", "scope_project_crm"),
        revisions: { tenant_acme: 9 },
      },
      "POST /evaluate": {
        status: 409,
        body: {
          type: "https://bedrock.dev/problems/revision-not-reached",
          title: "That revision has not been reached",
          status: 409,
          detail: "minRevision 9 is ahead of tenant tenant_acme",
          code: "revision_not_reached",
        },
      },
    });

    await bedrock.roles.create({ scopeId: "scope_project_crm", name: "Viewer" });
    const error = await bedrock.evaluate(ask("scope_project_crm")).catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 409, code: "revision_not_reached" });
  });
});

describe("scope lookups of read-your-writes", () => {
  const written: Record<string, Answer> = {
    "POST /roles": {
      body: record("role_1", "tenant_acme", "scope_project_crm"),
      revisions: { tenant_acme: 5 },
    },
  };
  const scope = (n: number) => `scope_env_${n}`;
  const scopeAnswers = (count: number) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, n): [string, Answer] => [
        `GET /scopes/${scope(n)}`,
        { body: { id: scope(n), tenantId: "tenant_acme", ancestors: [] } },
      ]),
    );

  it("shares one lookup among concurrent requests for a scope", async () => {
    const { bedrock, sent } = fakeServer({ ...written, ...scopeAnswers(1) });
    await bedrock.roles.create({ scopeId: "scope_project_crm", name: "Viewer" });

    await Promise.all([1, 2, 3].map(() => bedrock.evaluate(ask(scope(0)))));

    expect(sent.filter((s) => s.path.startsWith("/scopes/"))).toHaveLength(1);
    expect(sent.filter((s) => s.path === "/evaluate").map(minRevisionOf)).toEqual([5, 5, 5]);
  });

  it("has at most 4 lookups in flight for 2,500 checks over 170 unseen scopes", async () => {
    const { bedrock, sent, lookups } = fakeServer({ ...written, ...scopeAnswers(170) });
    await bedrock.roles.create({ scopeId: "scope_project_crm", name: "Viewer" });
    const requests = Array.from({ length: 2_500 }, (_, n) => ask(scope(n % 170)));

    const decisions = await bedrock.evaluateMany(requests);

    const looked = sent.filter((s) => s.path.startsWith("/scopes/")).map((s) => s.path);
    const checks = sent
      .filter((s) => s.path === "/evaluate/batch")
      .flatMap((s) => (s.body as { checks: EvaluateRequest[] }).checks);
    expect(decisions).toHaveLength(2_500);
    expect(lookups.most).toBe(4);
    expect(new Set(looked).size).toBe(170);
    expect(looked).toHaveLength(170);
    expect(checks.every((check) => check.minRevision === 5)).toBe(true);
  });
});
