import { describe, expect, it } from "vitest";
import { createBedrock } from "./client.js";
import type { Decision, EvaluateRequest, Membership, ScopeMatch } from "./types.js";

const baseUrl = "https://api.example.com";
const token = "test-token";

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

/** A fetch that records each request and answers with what `answer` makes of it. */
function fakeServer(answer: (sent: Sent) => unknown) {
  const sent: Sent[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const text = await request.text();
    const url = new URL(request.url);
    const entry = {
      method: request.method,
      path: `${url.pathname}${url.search}`,
      body: text === "" ? undefined : JSON.parse(text),
    };
    sent.push(entry);
    return new Response(JSON.stringify(answer(entry)), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };
  return { bedrock: createBedrock({ baseUrl, token, fetch }), sent };
}

const check = (n: number): EvaluateRequest => ({
  actor: { subjectId: `subject_${n}`, subjectType: "user" },
  scopeId: "scope_project_crm",
  action: "read",
  resource: { resourceType: "customer" },
});

/** A decision whose revision says which check it answers. */
const decisionFor = (request: EvaluateRequest): Decision => ({
  allowed: request.actor.subjectId.endsWith("7"),
  decision: request.actor.subjectId.endsWith("7") ? "ALLOWED" : "DENIED",
  reason: request.actor.subjectId.endsWith("7") ? "allowed" : "no_membership",
  revision: Number(request.actor.subjectId.slice("subject_".length)),
});

const batchAnswer = ({ body }: Sent) => ({
  decisions: (body as { checks: EvaluateRequest[] }).checks.map(decisionFor),
});

describe("can", () => {
  it.each([
    ["allows", 7, true],
    ["denies", 8, false],
  ])("answers whether the request is allowed when the server %s it", async (_c, n, allowed) => {
    const { bedrock, sent } = fakeServer(({ body }) => decisionFor(body as EvaluateRequest));

    const answer = await bedrock.can(check(n));

    expect(answer).toBe(allowed);
    expect(sent).toEqual([{ method: "POST", path: "/evaluate", body: check(n) }]);
  });
});

describe("evaluateMany", () => {
  it("sends 2,500 requests as batches of 1,000, 1,000 and 500, answering in order", async () => {
    const { bedrock, sent } = fakeServer(batchAnswer);
    const requests = Array.from({ length: 2_500 }, (_, n) => check(n));

    const decisions = await bedrock.evaluateMany(requests);

    expect(sent.map((s) => (s.body as { checks: unknown[] }).checks.length)).toEqual([
      1_000, 1_000, 500,
    ]);
    expect(sent.every((s) => s.path === "/evaluate/batch")).toBe(true);
    expect(decisions.map((decision) => decision.revision)).toEqual(requests.map((_, n) => n));
  });

  it("sends one batch for exactly 1,000 requests", async () => {
    const { bedrock, sent } = fakeServer(batchAnswer);

    await bedrock.evaluateMany(Array.from({ length: 1_000 }, (_, n) => check(n)));

    expect(sent).toHaveLength(1);
  });

  it("answers nothing without calling the server for no requests", async () => {
    const { bedrock, sent } = fakeServer(batchAnswer);

    const decisions = await bedrock.evaluateMany([]);

    expect(decisions).toEqual([]);
    expect(sent).toEqual([]);
  });
});

const match = (scopeId: string): ScopeMatch => ({
  scopeId,
  kind: "project",
  entityId: scopeId.replace("scope_", ""),
  parentScopeId: "scope_workspace_main",
  matched: {
    membershipId: "membership_1",
    roleId: "role_viewer",
    permissionId: "perm_read",
    permissionKey: "customer:read:*",
  },
});

const scopeRequest = {
  subject: { subjectId: "subject_ann", subjectType: "user" as const },
  tenantId: "tenant_acme",
  kind: "project" as const,
  action: "read",
  resourceType: "customer",
};

describe("lookup", () => {
  it("posts a scope lookup and answers its page", async () => {
    const page = { data: [match("scope_project_crm")], nextCursor: null, revision: 4 };
    const { bedrock, sent } = fakeServer(() => page);

    const answer = await bedrock.lookup.scopes({ ...scopeRequest, limit: 10 });

    expect(answer).toEqual(page);
    expect(sent).toEqual([
      { method: "POST", path: "/lookup/scopes", body: { ...scopeRequest, limit: 10 } },
    ]);
  });

  it("iterates every scope, sending each page's cursor back", async () => {
    const pages = [
      { data: [match("scope_project_a"), match("scope_project_b")], nextCursor: "c1", revision: 4 },
      { data: [match("scope_project_c")], nextCursor: null, revision: 4 },
    ];
    const { bedrock, sent } = fakeServer(() => pages.shift());

    const found: string[] = [];
    for await (const scope of bedrock.lookup.iterateScopes(scopeRequest)) found.push(scope.scopeId);

    expect(found).toEqual(["scope_project_a", "scope_project_b", "scope_project_c"]);
    expect(sent.map((s) => (s.body as { cursor?: string }).cursor)).toEqual([undefined, "c1"]);
  });

  it("iterates every subject at a scope", async () => {
    const subject = (subjectId: string) => ({ subjectId, subjectType: "user", matched: {} });
    const pages = [
      { data: [subject("subject_a")], nextCursor: "c1", revision: 2 },
      { data: [subject("subject_b")], nextCursor: null, revision: 2 },
    ];
    const { bedrock, sent } = fakeServer(() => pages.shift());
    const request = { scopeId: "scope_env_prod", action: "read", resourceType: "customer" };

    const found: string[] = [];
    for await (const s of bedrock.lookup.iterateSubjects(request)) found.push(s.subjectId);

    expect(found).toEqual(["subject_a", "subject_b"]);
    expect(sent[1]).toEqual({
      method: "POST",
      path: "/lookup/subjects",
      body: { ...request, cursor: "c1" },
    });
  });

  it("gets a subject's permissions with the scope in the query", async () => {
    const page = { data: [], nextCursor: null, revision: 3 };
    const { bedrock, sent } = fakeServer(() => page);

    const answer = await bedrock.subjects.permissions("subject_ann", "scope_env_prod", {
      limit: 5,
    });

    expect(answer).toEqual(page);
    expect(sent[0]).toMatchObject({
      method: "GET",
      path: "/subjects/subject_ann/permissions?limit=5&scopeId=scope_env_prod",
    });
  });

  it("iterates a subject's permissions page after page", async () => {
    const permission = (id: string) => ({ id, roles: [] });
    const pages = [
      { data: [permission("perm_a")], nextCursor: "c1", revision: 3 },
      { data: [permission("perm_b")], nextCursor: null, revision: 3 },
    ];
    const { bedrock, sent } = fakeServer(() => pages.shift());

    const ids: string[] = [];
    for await (const p of bedrock.subjects.iteratePermissions("subject_ann", "scope_env_prod")) {
      ids.push(p.id);
    }

    expect(ids).toEqual(["perm_a", "perm_b"]);
    expect(sent[1]?.path).toBe(
      "/subjects/subject_ann/permissions?cursor=c1&scopeId=scope_env_prod",
    );
  });
});

describe("iterate", () => {
  const membership = (id: string) => ({ id, subjectId: "subject_ann" }) as Membership;

  it("follows memberships' cursors with the filters kept", async () => {
    const pages = [
      { data: [membership("membership_a")], nextCursor: "c1" },
      { data: [membership("membership_b")], nextCursor: null },
    ];
    const { bedrock, sent } = fakeServer(() => pages.shift());

    const ids: string[] = [];
    for await (const m of bedrock.memberships.iterate({ subjectId: "subject_ann" })) ids.push(m.id);

    expect(ids).toEqual(["membership_a", "membership_b"]);
    expect(sent.map((s) => s.path)).toEqual([
      "/memberships?subjectId=subject_ann",
      "/memberships?subjectId=subject_ann&cursor=c1",
    ]);
  });

  it("fetches no page the loop does not reach", async () => {
    const { bedrock, sent } = fakeServer(() => ({
      data: [{ id: "tenant_a" }, { id: "tenant_b" }],
      nextCursor: "more",
    }));

    for await (const tenant of bedrock.tenants.iterate({ limit: 2 })) {
      if (tenant.id === "tenant_a") break;
    }

    expect(sent.map((s) => s.path)).toEqual(["/tenants?limit=2"]);
  });

  it("walks workspaces to the last page", async () => {
    const pages = [
      { data: [{ id: "workspace_a" }], nextCursor: "c1" },
      { data: [], nextCursor: "c2" },
      { data: [{ id: "workspace_b" }], nextCursor: null },
    ];
    const { bedrock } = fakeServer(() => pages.shift());

    const ids: string[] = [];
    for await (const workspace of bedrock.workspaces.iterate()) ids.push(workspace.id);

    expect(ids).toEqual(["workspace_a", "workspace_b"]);
  });
});
