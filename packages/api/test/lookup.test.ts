import { beforeEach, describe, expect, it } from "vitest";
import { twoTenants } from "./fixtures.js";
import { createHarness, type Harness } from "./harness.js";

const acmeKey = "acme-key";
let api: Harness;
let ann: string;
let bob: string;
let gus: string;
let globexBot: string;
let ids: { crm: string; workspace: string; production: string; globexScope: string };

const post = async (path: string, body: unknown) => {
  const answer = await api.call("POST", path, body);
  if (answer.status >= 300) throw new Error(`${path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
};

const revisionOf = async (tenantId: string): Promise<number> =>
  (await api.call("GET", `/tenants/${tenantId}`)).body.revision;

/**
 * Acme: Ann is a Viewer of the CRM project, Bob a Lead of the workspace, which
 * holds a second project, Billing. Delete is disabled in Production.
 * Globex: Gus, a user, and an agent of Globex's, both Viewers of its project.
 */
async function seed() {
  const { acme, globex } = await twoTenants(api);
  const crm = acme.project.scopeId;
  const workspace = acme.workspace.scopeId;
  await post("/projects", {
    id: "project_acme_billing",
    workspaceId: acme.workspace.id,
    name: "B",
  });

  const read = await post("/permissions", {
    id: "perm_read",
    scopeId: crm,
    action: "read",
    resourceType: "customer",
  });
  const remove = await post("/permissions", {
    id: "perm_delete",
    scopeId: crm,
    action: "delete",
    resourceType: "customer",
  });
  const leadRead = await post("/permissions", {
    id: "perm_lead_read",
    scopeId: workspace,
    action: "read",
    resourceType: "customer",
  });
  const viewer = await post("/roles", {
    id: "role_viewer",
    scopeId: crm,
    name: "Viewer",
    permissionIds: [read.id, remove.id],
  });
  const lead = await post("/roles", {
    id: "role_lead",
    scopeId: workspace,
    name: "Lead",
    permissionIds: [leadRead.id],
  });
  await post("/scope-overrides/permissions", {
    childScopeId: acme.production.scopeId,
    permissionId: remove.id,
    state: "disabled",
  });

  const member = async (subjectId: string, scopeId: string, roleId: string, id: string) => {
    await post("/memberships", { id, subjectId, scopeId });
    await post("/role-assignments", { roleId, membershipId: id });
  };
  ann = (await post("/users", { subjectId: "subject_ann", email: "ann@acme.com" })).subjectId;
  bob = (await post("/users", { subjectId: "subject_bob", email: "bob@acme.com" })).subjectId;
  await member(ann, crm, viewer.id, "membership_ann");
  await member(bob, workspace, lead.id, "membership_bob");

  const globexScope = globex.project.scopeId;
  const globexRead = await post("/permissions", {
    scopeId: globexScope,
    action: "read",
    resourceType: "customer",
  });
  const globexViewer = await post("/roles", {
    scopeId: globexScope,
    name: "Viewer",
    permissionIds: [globexRead.id],
  });
  gus = (await post("/users", { subjectId: "subject_gus", email: "gus@globex.com" })).subjectId;
  globexBot = (
    await post("/subjects", {
      id: "subject_globex_bot",
      subjectType: "agent",
      tenantId: "tenant_globex",
    })
  ).id;
  await member(gus, globexScope, globexViewer.id, "membership_gus");
  await member(globexBot, globexScope, globexViewer.id, "membership_globex_bot");
  ids = { crm, workspace, production: acme.production.scopeId, globexScope };
}

beforeEach(async () => {
  api = await createHarness({
    [acmeKey]: { keyId: "key_acme", tenantId: "tenant_acme", rights: ["evaluate"] },
  });
  await seed();
});

const projectsOf = (subjectId: string, extra: Record<string, unknown> = {}) => ({
  subject: { subjectId, subjectType: "user" },
  tenantId: "tenant_acme",
  kind: "project",
  action: "read",
  resourceType: "customer",
  ...extra,
});

const annMatch = {
  membershipId: "membership_ann",
  roleId: "role_viewer",
  permissionId: "perm_read",
  permissionKey: "customer:read:*",
};

describe("POST /lookup/scopes", () => {
  it("lists the projects where the subject may read, with the revision read", async () => {
    const revision = await revisionOf("tenant_acme");

    const answer = await api.call("POST", "/lookup/scopes", projectsOf(ann));

    expect(answer.status).toBe(200);
    expect(answer.headers["bedrock-revision"]).toBe(String(revision));
    expect(answer.body).toEqual({
      data: [
        {
          scopeId: "scope_project_acme",
          kind: "project",
          entityId: "project_acme",
          parentScopeId: "scope_workspace_acme",
          matched: annMatch,
        },
      ],
      nextCursor: null,
      revision,
    });
  });

  it("pages with limit and cursor until nextCursor is null", async () => {
    const first = await api.call("POST", "/lookup/scopes", projectsOf(bob, { limit: 1 }));
    const second = await api.call(
      "POST",
      "/lookup/scopes",
      projectsOf(bob, { limit: 1, cursor: first.body.nextCursor }),
    );

    expect(first.body.data.map((m: { scopeId: string }) => m.scopeId)).toEqual([
      "scope_project_acme",
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(second.body.data.map((m: { scopeId: string }) => m.scopeId)).toEqual([
      "scope_project_acme_billing",
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("leaves out the environment whose override disables the permission", async () => {
    const answer = await api.call(
      "POST",
      "/lookup/scopes",
      projectsOf(ann, { kind: "environment", action: "delete" }),
    );

    expect(answer.body.data).toEqual([]);
  });

  it.each([
    ["no subject", { subject: undefined }, "body.subject"],
    ["an unknown kind", { kind: "galaxy" }, "body.kind"],
    ["a limit of 0", { limit: 0 }, "body.limit"],
    ["a limit over 1,000", { limit: 1_001 }, "body.limit"],
    ["an empty action", { action: "" }, "body.action"],
    ["an unknown field", { scopeId: "scope_project_acme" }, "body"],
    ["a cursor it did not return", { cursor: "bm90LW91cnM=" }, "body.cursor"],
    ["a negative minRevision", { minRevision: -1 }, "body.minRevision"],
  ])("refuses %s with 400 naming the field", async (_case, extra, path) => {
    const answer = await api.call("POST", "/lookup/scopes", projectsOf(ann, extra));

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("validation_failed");
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("answers 409 revision_not_reached when minRevision is ahead of the tenant", async () => {
    const revision = await revisionOf("tenant_acme");

    const answer = await api.call(
      "POST",
      "/lookup/scopes",
      projectsOf(ann, { minRevision: revision + 1 }),
    );

    expect(answer).toMatchObject({ status: 409, body: { code: "revision_not_reached" } });
  });
});

describe("POST /lookup/subjects", () => {
  it("lists the subjects allowed at a scope with their types", async () => {
    const answer = await api.call("POST", "/lookup/subjects", {
      scopeId: ids.production,
      action: "read",
      resourceType: "customer",
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: [
        { subjectId: ann, subjectType: "user", matched: annMatch },
        {
          subjectId: bob,
          subjectType: "user",
          matched: {
            membershipId: "membership_bob",
            roleId: "role_lead",
            permissionId: "perm_lead_read",
            permissionKey: "customer:read:*",
          },
        },
      ],
      nextCursor: null,
      revision: await revisionOf("tenant_acme"),
    });
  });

  it("lists an agent with its type", async () => {
    const answer = await api.call("POST", "/lookup/subjects", {
      scopeId: ids.globexScope,
      action: "read",
      resourceType: "customer",
      limit: 1,
    });

    expect(answer.body.data).toEqual([
      expect.objectContaining({ subjectId: globexBot, subjectType: "agent" }),
    ]);
    expect(answer.body.nextCursor).toEqual(expect.any(String));
  });

  it.each([
    ["no scopeId", { scopeId: undefined }, "body.scopeId"],
    ["a resourceType with a colon", { resourceType: "a:b" }, "body.resourceType"],
    ["a limit that is not a number", { limit: "10" }, "body.limit"],
  ])("refuses %s with 400 naming the field", async (_case, extra, path) => {
    const body = { scopeId: ids.production, action: "read", resourceType: "customer", ...extra };

    const answer = await api.call("POST", "/lookup/subjects", body);

    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe("GET /subjects/{subjectId}/permissions", () => {
  it("lists the subject's permissions at the scope after overrides, with the roles that carry them", async () => {
    const revision = await revisionOf("tenant_acme");

    const answer = await api.call("GET", `/subjects/${ann}/permissions?scopeId=${ids.production}`);

    expect(answer.status).toBe(200);
    expect(answer.headers["bedrock-revision"]).toBe(String(revision));
    expect(answer.body).toEqual({
      data: [
        {
          id: "perm_read",
          tenantId: "tenant_acme",
          scopeId: ids.crm,
          action: "read",
          resourceType: "customer",
          resourcePattern: "*",
          key: "customer:read:*",
          roles: [{ roleId: "role_viewer", name: "Viewer", membershipId: "membership_ann" }],
        },
      ],
      nextCursor: null,
      revision,
    });
  });

  it("keeps what the override disables elsewhere, page by page", async () => {
    const first = await api.call("GET", `/subjects/${ann}/permissions?scopeId=${ids.crm}&limit=1`);
    const second = await api.call(
      "GET",
      `/subjects/${ann}/permissions?scopeId=${ids.crm}&limit=1&cursor=${first.body.nextCursor}`,
    );

    expect(first.body.data.map((p: { id: string }) => p.id)).toEqual(["perm_delete"]);
    expect(second.body.data.map((p: { id: string }) => p.id)).toEqual(["perm_read"]);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([
    ["no scopeId", "", "query.scopeId"],
    ["a limit of 0", `scopeId=scope_project_acme&limit=0`, "query.limit"],
    ["a foreign cursor", `scopeId=scope_project_acme&cursor=bm9wZQ==`, "query.cursor"],
    ["an unknown parameter", `scopeId=scope_project_acme&tenantId=x`, "query"],
  ])("refuses %s with 400 naming the field", async (_case, search, path) => {
    const answer = await api.call("GET", `/subjects/${ann}/permissions?${search}`);

    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it.each([
    ["an unknown subject", "subject_nobody", "scope_project_acme", "subject subject_nobody"],
    ["an unknown scope", "subject_ann", "scope_project_nowhere", "scope scope_project_nowhere"],
  ])("answers 404 for %s", async (_case, subjectId, scopeId, what) => {
    const answer = await api.call("GET", `/subjects/${subjectId}/permissions?scopeId=${scopeId}`);

    expect(answer).toMatchObject({
      status: 404,
      body: { code: "not_found", detail: `${what} does not exist` },
    });
  });
});

describe("lookups with a tenant-bound key and another tenant's ids", () => {
  const nothing = { data: [], nextCursor: null, revision: 0 };

  it("lists no scopes of another tenant, at revision 0", async () => {
    const answer = await api.call(
      "POST",
      "/lookup/scopes",
      projectsOf(gus, { tenantId: "tenant_globex" }),
      acmeKey,
    );

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(nothing);
    expect(answer.headers["bedrock-revision"]).toBe("0");
  });

  it("lists no scopes for another tenant's subject in its own tenant", async () => {
    const answer = await api.call(
      "POST",
      "/lookup/scopes",
      projectsOf(globexBot, { subject: { subjectId: globexBot, subjectType: "agent" } }),
      acmeKey,
    );

    expect(answer.body.data).toEqual([]);
  });

  it("lists no subjects at another tenant's scope, at revision 0", async () => {
    const body = { scopeId: ids.globexScope, action: "read", resourceType: "customer" };

    const answer = await api.call("POST", "/lookup/subjects", body, acmeKey);

    expect(answer.body).toEqual(nothing);
  });

  it("ignores minRevision where it sees nothing, so no revision leaks", async () => {
    const body = {
      scopeId: ids.globexScope,
      action: "read",
      resourceType: "customer",
      minRevision: Number.MAX_SAFE_INTEGER,
    };

    const answer = await api.call("POST", "/lookup/subjects", body, acmeKey);

    expect(answer).toMatchObject({ status: 200, body: nothing });
  });

  it.each([
    ["another tenant's scope", () => ann, () => ids.globexScope],
    ["another tenant's member", () => gus, () => ids.crm],
    ["another tenant's agent", () => globexBot, () => ids.crm],
    ["another tenant's member at its own scope", () => gus, () => ids.globexScope],
  ])(
    "answers permissions of %s with the 404 of a missing record",
    async (_case, subject, scope) => {
      const path = (subjectId: string, scopeId: string) =>
        `/subjects/${subjectId}/permissions?scopeId=${scopeId}`;
      const missingScope = scope() === ids.globexScope ? "scope_project_nope" : scope();
      const missingSubject = subject() === ann ? ann : "subject_nope";

      const answer = await api.call("GET", path(subject(), scope()), undefined, acmeKey);
      const missing = await api.call("GET", path(missingSubject, missingScope), undefined, acmeKey);

      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe("not_found");
      expect(answer.body.title).toBe(missing.body.title);
      expect(answer.body.detail.replace(/\S+_\S+/g, "")).toBe(
        missing.body.detail.replace(/\S+_\S+/g, ""),
      );
    },
  );
});
