import { beforeEach, describe, expect, it } from "vitest";
import { twoTenants } from "./fixtures.js";
import { createHarness, type Harness } from "./harness.js";

const acmeKey = "acme-key";
let api: Harness;
let scopeIds: string[];
let subjects: { subjectId: string; subjectType: "user" | "agent" }[];

const post = async (path: string, body: unknown) => {
  const answer = await api.call("POST", path, body);
  if (answer.status >= 300) throw new Error(`${path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
};

/**
 * In each tenant: Viewer and Admin roles on the CRM project, delete disabled
 * (for Viewer) in Production but enabled there for Admin, a user in each role and an agent
 * of the tenant's own; plus a user with no membership anywhere.
 */
async function seed() {
  const model = await twoTenants(api);
  scopeIds = [];
  subjects = [];
  for (const [slug, tenant] of Object.entries(model)) {
    const project = tenant.project.scopeId;
    const production = tenant.production.scopeId;
    scopeIds.push(tenant.tenant.scopeId, tenant.workspace.scopeId, project, production);
    const permission = (action: string, resourceType: string, resourcePattern = "*") =>
      post("/permissions", { scopeId: project, action, resourceType, resourcePattern });
    const read = await permission("read", "customer");
    const write = await permission("write", "customer");
    const remove = await permission("delete", "customer");
    const eu = await permission("read", "invoice", "inv_*_eu");
    const everything = await permission("*", "*");
    const viewer = await post("/roles", { scopeId: project, name: "Viewer" });
    const admin = await post("/roles", { scopeId: project, name: "Admin" });
    await post(`/roles/${viewer.id}/permissions`, { permissionIds: [read.id, eu.id, remove.id] });
    await post(`/roles/${admin.id}/permissions`, {
      permissionIds: [read.id, write.id, remove.id, everything.id],
    });
    const disabled = { childScopeId: production, permissionId: remove.id, state: "disabled" };
    await post("/scope-overrides/permissions", disabled);
    await post("/scope-overrides/role-permissions", {
      ...disabled,
      roleId: admin.id,
      state: "enabled",
    });

    const member = async (subjectId: string, scopeId: string, roleId: string) => {
      const membership = await post("/memberships", { subjectId, scopeId });
      await post("/role-assignments", { roleId, membershipId: membership.id });
    };
    const viewerUser = await post("/users", { email: `viewer@${slug}.com` });
    const adminUser = await post("/users", { email: `admin@${slug}.com` });
    const agent = await post("/subjects", { subjectType: "agent", tenantId: tenant.tenant.id });
    await member(viewerUser.subjectId, project, viewer.id);
    await member(adminUser.subjectId, production, admin.id);
    await member(agent.id, production, viewer.id);
    subjects.push(
      { subjectId: viewerUser.subjectId, subjectType: "user" },
      { subjectId: adminUser.subjectId, subjectType: "user" },
      { subjectId: agent.id, subjectType: "agent" },
    );
  }
  const loner = await post("/users", { email: "loner@example.com" });
  subjects.push({ subjectId: loner.subjectId, subjectType: "user" });
}

beforeEach(async () => {
  api = await createHarness({
    [acmeKey]: { keyId: "key_acme", tenantId: "tenant_acme", rights: ["evaluate"] },
  });
  await seed();
});

/** A small seeded generator, so a failure names a check that can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Checks over every subject and scope, with wildcards, patterns, delegation and explain. */
function randomChecks(count: number, seed: number) {
  const random = seededRandom(seed);
  const ghost = { subjectId: "subject_ghost", subjectType: "user" as const };
  const checks = [];
  for (let n = 0; n < count; n++) {
    const actor = random() < 0.05 ? ghost : pick(subjects, random);
    const subjectType = random() < 0.05 ? "agent" : actor.subjectType;
    const check: Record<string, unknown> = {
      actor: { ...actor, subjectType },
      scopeId: random() < 0.05 ? "scope_project_nowhere" : pick(scopeIds, random),
      action: pick(["read", "read", "write", "delete", "*", "export"], random),
      resource: { resourceType: pick(["customer", "invoice", "*"], random) },
    };
    const resourceId = pick([undefined, undefined, "inv_7_eu", "inv_7_us", "c1"], random);
    if (resourceId !== undefined) check.resource = { ...(check.resource as object), resourceId };
    if (random() < 0.1) check.onBehalfOf = pick(subjects, random);
    if (random() < 0.1) check.explain = true;
    checks.push(check);
  }
  return checks;
}

async function singly(checks: unknown[], token?: string) {
  const decisions = [];
  for (const check of checks) {
    const answer = await api.call("POST", "/evaluate", check, token);
    expect(answer.status).toBe(200);
    decisions.push(answer.body);
  }
  return decisions;
}

const wellFormed = {
  actor: { subjectId: "subject_ghost", subjectType: "user" },
  scopeId: "scope_project_acme",
  action: "read",
  resource: { resourceType: "customer" },
};

describe("POST /evaluate/batch", () => {
  it("answers 1,000 random checks in order, each as a single evaluate does", async () => {
    const checks = randomChecks(1_000, 7);

    const batch = await api.call("POST", "/evaluate/batch", { checks });
    const single = await singly(checks);

    expect(batch.status).toBe(200);
    expect(batch.body.decisions).toHaveLength(1_000);
    expect(batch.body.decisions).toEqual(single);
    const reasons = new Set(single.map((decision) => decision.reason));
    for (const reason of ["allowed", "no_membership", "disabled_by_override", "actor_denied"]) {
      expect(reasons.has(reason), reason).toBe(true);
    }
  });

  it("answers a tenant-bound key's 1,000 checks as its single evaluates, allowing nothing elsewhere", async () => {
    const checks = randomChecks(1_000, 11);

    const batch = await api.call("POST", "/evaluate/batch", { checks }, acmeKey);
    const single = await singly(checks, acmeKey);

    expect(batch.body.decisions).toEqual(single);
    checks.forEach((check, n) => {
      if (!String(check.scopeId).includes("acme")) {
        expect(batch.body.decisions[n]).toMatchObject({ allowed: false, revision: 0 });
      }
    });
  });

  it("carries the highest revision among its decisions in the Bedrock-Revision header", async () => {
    const acme = (await api.call("GET", "/tenants/tenant_acme")).body.revision;
    const globex = (await api.call("GET", "/tenants/tenant_globex")).body.revision;
    const checks = randomChecks(2, 3).map((check, n) => ({
      ...check,
      scopeId: n === 0 ? "scope_project_acme" : "scope_project_globex",
    }));

    const answer = await api.call("POST", "/evaluate/batch", { checks });

    expect(answer.body.decisions.map((d: { revision: number }) => d.revision)).toEqual([
      acme,
      globex,
    ]);
    expect(answer.headers["bedrock-revision"]).toBe(String(Math.max(acme, globex)));
  });

  it("explains the checks that ask for it, and only those", async () => {
    const [check] = randomChecks(1, 5);
    const plain = { ...check, explain: undefined };

    const answer = await api.call("POST", "/evaluate/batch", {
      checks: [{ ...plain, explain: true }, plain],
    });

    const [explained, unexplained] = answer.body.decisions;
    expect(explained.trace.at(-1)).toMatchObject({ step: "result", message: explained.reason });
    expect(unexplained).not.toHaveProperty("trace");
    const { trace: _trace, ...rest } = explained;
    expect(rest).toEqual(unexplained);
  });

  it.each([
    ["1,001 checks", { checks: Array(1_001).fill(wellFormed) }, "body.checks"],
    ["no checks", { checks: [] }, "body.checks"],
    ["a check without actor", { checks: [{ scopeId: "s", action: "read" }] }, "body.checks[0]"],
    ["an unknown field", { checks: [], limit: 3 }, "body"],
  ])("refuses %s with 400 naming the field", async (_case, body, path) => {
    const answer = await api.call("POST", "/evaluate/batch", body);

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("validation_failed");
    expect(answer.body.errors.map((e: { path: string }) => e.path).join(" ")).toContain(path);
  });

  it("answers 1,000 checks, the most a batch may hold", async () => {
    const answer = await api.call("POST", "/evaluate/batch", { checks: randomChecks(1_000, 2) });

    expect(answer.status).toBe(200);
  });
});

describe("minRevision", () => {
  const ask = (minRevision: number) => ({
    actor: subjects[0],
    scopeId: "scope_project_acme",
    action: "read",
    resource: { resourceType: "customer" },
    minRevision,
  });

  it("allows when the tenant's revision has been reached", async () => {
    const revision = (await api.call("GET", "/tenants/tenant_acme")).body.revision;

    const answer = await api.call("POST", "/evaluate", ask(revision));

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ allowed: true, revision });
    expect(answer.headers["bedrock-revision"]).toBe(String(revision));
  });

  it("answers 409 revision_not_reached when the tenant is behind it", async () => {
    const revision = (await api.call("GET", "/tenants/tenant_acme")).body.revision;

    const answer = await api.call("POST", "/evaluate", ask(revision + 1));

    expect(answer).toMatchObject({
      status: 409,
      headers: { "content-type": "application/problem+json" },
    });
    expect(answer.body).toEqual({
      type: "https://bedrock.dev/problems/revision-not-reached",
      title: "That revision has not been reached",
      status: 409,
      detail: `minRevision ${revision + 1} is ahead of tenant tenant_acme, which is at revision ${revision}: retry shortly, or ask for a revision this server has answered with`,
      code: "revision_not_reached",
    });
  });

  it("answers 409 for a whole batch when one of its checks is ahead", async () => {
    const answer = await api.call("POST", "/evaluate/batch", {
      checks: [ask(0), ask(Number.MAX_SAFE_INTEGER)],
    });

    expect(answer).toMatchObject({ status: 409, body: { code: "revision_not_reached" } });
  });

  it("denies scope_not_found, revealing no revision, for another tenant's scope", async () => {
    const answer = await api.call(
      "POST",
      "/evaluate",
      { ...ask(Number.MAX_SAFE_INTEGER), scopeId: "scope_project_globex" },
      acmeKey,
    );

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ reason: "scope_not_found", revision: 0 });
  });
});

describe("POST /evaluate with a tenant-bound key", () => {
  it("denies subject_not_found, as for no subject at all, for another tenant's agent", async () => {
    const agents = (await api.call("GET", "/subjects?tenantId=tenant_globex")).body.data;
    const request = (subjectId: string) => ({
      actor: { subjectId, subjectType: "agent" },
      scopeId: "scope_project_acme",
      action: "read",
      resource: { resourceType: "customer" },
    });

    const foreign = await api.call("POST", "/evaluate", request(agents[0].id), acmeKey);
    const missing = await api.call("POST", "/evaluate", request("subject_nobody"), acmeKey);

    expect(agents).toHaveLength(1);
    expect(foreign.body).toEqual(missing.body);
    expect(foreign.body.reason).toBe("subject_not_found");
  });
});
