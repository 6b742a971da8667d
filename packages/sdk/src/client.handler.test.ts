import { createApiHandler } from "@bedrock/api";
import { adminCaller, MemoryStore, Bedrock as Service } from "@bedrock/core";
import { beforeEach, describe, expect, it } from "vitest";
import { type Bedrock, createBedrock } from "./client.js";

/** A fetch served in-process by the API's own handler over a fresh memory store. */
async function inProcessFetch() {
  const service = await Service.open(new MemoryStore());
  const handler = createApiHandler({
    bedrock: service,
    authenticate: async (token) => (token === "admin" ? adminCaller : undefined),
  });
  const sent: { path: string; body: unknown }[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = await request.text();
    sent.push({
      path: url.pathname + url.search,
      body: text === "" ? undefined : JSON.parse(text),
    });
    const answer = await handler({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { authorization: request.headers.get("authorization") ?? undefined },
      body: text === "" ? undefined : text,
    });
    const body = answer.body === undefined ? null : JSON.stringify(answer.body);
    const headers = { "content-type": "application/json", ...answer.headers };
    return new Response(body, { status: answer.status, headers });
  };
  return { fetch, sent };
}

let bedrock: Bedrock;
let sent: { path: string; body: unknown }[];

beforeEach(async () => {
  const server = await inProcessFetch();
  sent = server.sent;
  bedrock = createBedrock({
    baseUrl: "http://bedrock.test",
    token: "admin",
    fetch: server.fetch,
    consistency: "read-your-writes",
  });
});

/** Acme with a CRM project and its Production environment, and Ann, a Viewer there. */
async function guide() {
  const tenant = await bedrock.tenants.create({ id: "tenant_acme", name: "Acme", slug: "acme" });
  const workspace = await bedrock.workspaces.create({ tenantId: tenant.id, name: "Main" });
  const project = await bedrock.projects.create({ workspaceId: workspace.id, name: "CRM" });
  const production = await bedrock.environments.create({ projectId: project.id, name: "Prod" });
  const read = await bedrock.permissions.create({
    scopeId: project.scopeId,
    action: "read",
    resourceType: "customer",
  });
  const viewer = await bedrock.roles.create({
    scopeId: project.scopeId,
    name: "Viewer",
    permissionIds: [read.id],
  });
  const ann = await bedrock.users.create({ email: "ann@acme.com" });
  const membership = await bedrock.memberships.create({
    subjectId: ann.subjectId,
    scopeId: project.scopeId,
  });
  const assignment = await bedrock.roleAssignments.create({
    roleId: viewer.id,
    membershipId: membership.id,
  });
  return { tenant, project, production, ann, viewer, membership, assignment };
}

describe("the SDK against the API handler", () => {
  it("reads its own writes: the last revision goes out as minRevision and is reached", async () => {
    const { tenant, production, ann } = await guide();
    const revision = (await bedrock.tenants.get(tenant.id)).revision;

    const allowed = await bedrock.can({
      actor: { subjectId: ann.subjectId, subjectType: "user" },
      scopeId: production.scopeId,
      action: "read",
      resource: { resourceType: "customer" },
    });

    expect(allowed).toBe(true);
    expect(sent.at(-1)).toMatchObject({ path: "/evaluate", body: { minRevision: revision } });
  });

  it("lists through lookups and iterators what evaluate allows", async () => {
    const { tenant, project, production, ann } = await guide();
    const subject = { subjectId: ann.subjectId, subjectType: "user" as const };
    const question = { action: "read", resourceType: "customer" };

    const scopes = [];
    for await (const scope of bedrock.lookup.iterateScopes({
      subject,
      tenantId: tenant.id,
      kind: "environment",
      ...question,
      limit: 1,
    })) {
      scopes.push(scope.scopeId);
    }
    const subjects = await bedrock.lookup.subjects({ scopeId: production.scopeId, ...question });
    const permissions = await bedrock.subjects.permissions(ann.subjectId, production.scopeId);
    const memberships = [];
    for await (const m of bedrock.memberships.iterate({ subjectId: ann.subjectId })) {
      memberships.push(m.scopeId);
    }

    expect(scopes).toEqual([production.scopeId]);
    expect(subjects.data.map((s) => s.subjectId)).toEqual([ann.subjectId]);
    expect(permissions.data.map((p) => p.key)).toEqual(["customer:read:*"]);
    expect(memberships).toEqual([project.scopeId]);
  });

  it("answers evaluateMany over 1,000 requests in order", async () => {
    const { production, ann } = await guide();
    const requests = Array.from({ length: 1_001 }, (_, n) => ({
      actor: { subjectId: n % 2 === 0 ? ann.subjectId : "subject_ghost", subjectType: "user" },
      scopeId: production.scopeId,
      action: "read",
      resource: { resourceType: "customer" },
    })) as Parameters<Bedrock["evaluateMany"]>[0];

    const decisions = await bedrock.evaluateMany(requests);

    expect(decisions.map((d) => d.allowed)).toEqual(requests.map((_, n) => n % 2 === 0));
    expect(sent.filter((s) => s.path === "/evaluate/batch")).toHaveLength(2);
  });

  it("waits in each tenant for its own revision after a user moves between them", async () => {
    const quiet = await bedrock.tenants.create({ name: "Quiet", slug: "quiet" });
    const busy = await bedrock.tenants.create({ name: "Busy", slug: "busy" });
    const ann = await bedrock.users.create({ email: "ann@busy.com", defaultTenantId: busy.id });
    for (const name of ["North", "South", "East"]) {
      await bedrock.workspaces.create({ tenantId: busy.id, name });
    }
    await bedrock.users.update(ann.id, { defaultTenantId: quiet.id });
    const revisionOf = async (id: string) => (await bedrock.tenants.get(id)).revision;
    const ask = (scopeId: string) => ({
      actor: { subjectId: ann.subjectId, subjectType: "user" as const },
      scopeId,
      action: "read",
      resource: { resourceType: "customer" },
    });

    await bedrock.evaluate(ask(quiet.scopeId));
    const inQuiet = sent.at(-1);
    await bedrock.evaluate(ask(busy.scopeId));
    const inBusy = sent.at(-1);

    expect(await revisionOf(busy.id)).toBeGreaterThan(await revisionOf(quiet.id));
    expect(inQuiet?.body).toMatchObject({ minRevision: await revisionOf(quiet.id) });
    expect(inBusy?.body).toMatchObject({ minRevision: await revisionOf(busy.id) });
  });

  it("manages records of every kind with the answers the API gives", async () => {
    const { production, project, viewer, membership, assignment } = await guide();

    const scope = await bedrock.scopes.get(production.scopeId);
    const granted = await bedrock.roles.permissions(viewer.id);
    const extended = await bedrock.roleAssignments.update(assignment.id, {
      expiresAt: "2099-01-01T00:00:00.000Z",
    });
    const key = await bedrock.apiKeys.create({ name: "ci", permissions: ["evaluate"] });
    const revoked = await bedrock.apiKeys.revoke(key.id);
    const events = await bedrock.auditEvents.list({ targetId: viewer.id });
    await bedrock.memberships.delete(membership.id);

    expect(scope.ancestors.map((a) => a.kind)).toEqual(["project", "workspace", "tenant"]);
    expect(scope.ancestors[0]?.id).toBe(project.scopeId);
    expect(granted.data.map((p) => p.key)).toEqual(["customer:read:*"]);
    expect(extended.expiresAt).toBe("2099-01-01T00:00:00.000Z");
    expect(key.token).toEqual(expect.any(String));
    expect(revoked.revokedAt).toEqual(expect.any(String));
    expect(events.data.length).toBeGreaterThan(0);
    await expect(bedrock.memberships.get(membership.id)).rejects.toMatchObject({ status: 404 });
  });
});
