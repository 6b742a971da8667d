import { beforeEach, describe, expect, it } from "vitest";
import { routes } from "../src/routes/index.js";
import { twoTenants } from "./fixtures.js";
import { createHarness, type Harness } from "./harness.js";

const acmeKey = "acme-key";
let api: Harness;
/** Globex's ids of every kind, keyed by the collection path that serves them. */
let globexIds: Record<string, string>;

beforeEach(async () => {
  api = await createHarness({
    [acmeKey]: { keyId: "key_acme", tenantId: "tenant_acme", rights: ["manage", "evaluate"] },
  });
  const { globex } = await twoTenants(api);
  const scopeId = globex.project.scopeId;
  const post = async (path: string, body: unknown) => (await api.call("POST", path, body)).body;
  const agent = await post("/subjects", { subjectType: "agent", tenantId: "tenant_globex" });
  const user = await post("/users", { email: "g@globex.com", defaultTenantId: "tenant_globex" });
  const membership = await post("/memberships", { subjectId: agent.id, scopeId });
  const role = await post("/roles", { scopeId, name: "Admin" });
  const permission = await post("/permissions", { scopeId, action: "read", resourceType: "doc" });
  await post(`/roles/${role.id}/permissions`, { permissionIds: [permission.id] });
  const assignment = await post("/role-assignments", {
    roleId: role.id,
    membershipId: membership.id,
  });
  const override = { childScopeId: globex.production.scopeId, permissionId: permission.id };
  const po = await post("/scope-overrides/permissions", { ...override, state: "disabled" });
  const rpo = await post("/scope-overrides/role-permissions", {
    ...override,
    roleId: role.id,
    state: "disabled",
  });
  const key = await post("/api-keys", {
    name: "globex",
    tenantId: "tenant_globex",
    permissions: ["evaluate"],
  });
  const events = await api.call("GET", "/audit-events?tenantId=tenant_globex&limit=1");
  globexIds = {
    "/tenants": globex.tenant.id,
    "/workspaces": globex.workspace.id,
    "/projects": globex.project.id,
    "/environments": globex.production.id,
    "/scopes": scopeId,
    "/subjects": agent.id,
    "/users": user.id,
    "/memberships": membership.id,
    "/roles": role.id,
    "/permissions": permission.id,
    "/role-assignments": assignment.id,
    "/scope-overrides/permissions": po.id,
    "/scope-overrides/role-permissions": rpo.id,
    "/api-keys": key.id,
    "/audit-events": events.body.data[0].id,
    roleId: role.id,
    permissionId: permission.id,
  };
});

function concretePath(template: string): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    if (name !== "id") return globexIds[name] ?? "";
    const collection = template.slice(0, template.indexOf("/{"));
    return globexIds[collection] ?? "";
  });
}

const byIdRoutes = routes.filter((route) => route.path.includes("{"));
const patchBodies: Record<string, unknown> = {
  "/tenants": { name: "Taken" },
  "/subjects": { displayName: "Taken" },
  "/users": { firstName: "Taken" },
  "/role-assignments": { expiresAt: null },
};

describe("a tenant-bound key and another tenant's ids", () => {
  it.each(byIdRoutes.map((route) => [route.operationId, route] as const))(
    "%s answers 404 as for an id that does not exist, changing nothing",
    async (_operationId, route) => {
      const path = concretePath(route.path);
      const collection = route.path.slice(0, route.path.indexOf("/{"));
      const body =
        route.method === "patch" ? (patchBodies[collection] ?? { name: "Taken" }) : undefined;
      const withBody = route.method === "post" ? { permissionIds: [globexIds.permissionId] } : body;
      const auditBefore = (await api.call("GET", "/audit-events?limit=200")).body.data.length;

      const answer = await api.call(route.method.toUpperCase(), path, withBody, acmeKey);
      const missing = await api.call(
        route.method.toUpperCase(),
        path.replace(/_[a-z0-9]+$/, "_nope"),
        withBody,
        acmeKey,
      );

      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe("not_found");
      expect(answer.body.detail.replace(/\S+_\S+/g, "")).toBe(
        missing.body.detail.replace(/\S+_\S+/g, ""),
      );
      expect((await api.call("GET", "/audit-events?limit=200")).body.data.length).toBe(auditBefore);
    },
  );

  it.each([
    ["/workspaces", { tenantId: "tenant_globex", name: "W" }],
    ["/projects", { workspaceId: "workspace_globex", name: "P" }],
    ["/environments", { projectId: "project_globex", name: "E" }],
    ["/roles", { scopeId: "scope_project_globex", name: "R" }],
    ["/permissions", { scopeId: "scope_project_globex", action: "read", resourceType: "x" }],
    ["/memberships", { subjectId: "subject_x", scopeId: "scope_project_globex" }],
    ["/users", { email: "x@acme.com", defaultTenantId: "tenant_globex" }],
    ["/api-keys", { name: "k", tenantId: "tenant_globex", permissions: ["evaluate"] }],
  ])("refuses to create under another tenant at POST %s with 404", async (path, body) => {
    const answer = await api.call("POST", path, body, acmeKey);

    expect(answer).toMatchObject({ status: 404, body: { code: "not_found" } });
  });

  it("lists nothing of another tenant, even when asked for it by tenantId", async () => {
    const lists = [
      "/workspaces?tenantId=tenant_globex",
      "/projects?tenantId=tenant_globex",
      "/memberships?tenantId=tenant_globex",
      "/roles?tenantId=tenant_globex",
      "/audit-events?tenantId=tenant_globex",
      "/api-keys?tenantId=tenant_globex",
    ];

    for (const path of lists) {
      expect((await api.call("GET", path, undefined, acmeKey)).body.data, path).toEqual([]);
    }
    const tenants = (await api.call("GET", "/tenants", undefined, acmeKey)).body.data;
    const subjects = (await api.call("GET", "/subjects", undefined, acmeKey)).body.data;
    expect(tenants.map((t: { id: string }) => t.id)).toEqual(["tenant_acme"]);
    expect(subjects).toEqual([]);
  });

  it("cannot create tenants or platform-wide keys", async () => {
    const tenant = await api.call("POST", "/tenants", { name: "X", slug: "x" }, acmeKey);
    const key = await api.call(
      "POST",
      "/api-keys",
      { name: "k", tenantId: null, permissions: ["manage"] },
      acmeKey,
    );

    expect(tenant).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect(key).toMatchObject({ status: 403, body: { code: "forbidden" } });
  });

  it("is DENIED scope_not_found when evaluating in another tenant", async () => {
    const answer = await api.call(
      "POST",
      "/evaluate",
      {
        actor: { subjectId: globexIds["/subjects"], subjectType: "agent" },
        scopeId: "scope_project_globex",
        action: "read",
        resource: { resourceType: "doc" },
      },
      acmeKey,
    );

    // Either reason reveals nothing: the subject and scope both live elsewhere.
    expect(answer.body).toMatchObject({ allowed: false, revision: 0 });
    expect(["scope_not_found", "subject_not_found"]).toContain(answer.body.reason);
  });
});

describe("a tenant-bound key and its own tenant", () => {
  it("cannot raise its limits, change its plan or delete it", async () => {
    const raise = await api.call("PATCH", "/tenants/tenant_acme", { maxUsers: 1000 }, acmeKey);
    const remove = await api.call("DELETE", "/tenants/tenant_acme", undefined, acmeKey);

    expect(raise).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect(remove).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect((await api.call("GET", "/tenants/tenant_acme")).body.maxUsers).toBeNull();
  });
});

describe("a tenant-bound key and a person shared with another tenant", () => {
  it("may see the person but not change or delete them, nor learn the other tenant", async () => {
    const user = await api.call("POST", "/users", {
      id: "user_pat",
      subjectId: "subject_pat",
      email: "pat@globex.com",
      defaultTenantId: "tenant_globex",
    });
    for (const scopeId of ["scope_tenant_acme", "scope_tenant_globex"]) {
      await api.call("POST", "/memberships", { subjectId: "subject_pat", scopeId });
    }

    const seen = await api.call("GET", "/users/user_pat", undefined, acmeKey);
    const attempts = [
      await api.call("PATCH", "/users/user_pat", { email: "mine@acme.com" }, acmeKey),
      await api.call("PATCH", "/subjects/subject_pat", { status: "disabled" }, acmeKey),
      await api.call("DELETE", "/subjects/subject_pat", undefined, acmeKey),
      await api.call("DELETE", "/users/user_pat", undefined, acmeKey),
    ];
    const after = await api.call("GET", "/users/user_pat");
    const memberships = await api.call("GET", "/memberships?subjectId=subject_pat");

    expect(user.status).toBe(201);
    expect(seen.body).toMatchObject({ id: "user_pat", defaultTenantId: null });
    expect(attempts.map((a) => [a.status, a.body.code])).toEqual(Array(4).fill([403, "forbidden"]));
    expect(after.body).toMatchObject({ email: "pat@globex.com", defaultTenantId: "tenant_globex" });
    expect(memberships.body.data).toHaveLength(2);
  });

  it("may change and delete the people it created itself", async () => {
    const user = (await api.call("POST", "/users", { email: "own@acme.com" }, acmeKey)).body;

    const renamed = await api.call("PATCH", `/users/${user.id}`, { firstName: "Own" }, acmeKey);
    const removed = await api.call("DELETE", `/subjects/${user.subjectId}`, undefined, acmeKey);

    expect(renamed).toMatchObject({ status: 200, body: { firstName: "Own" } });
    expect(removed.status).toBe(204);
    expect((await api.call("GET", `/users/${user.id}`)).status).toBe(404);
  });
});

describe("a tenant-bound key listing users", () => {
  it("lists exactly the people it can fetch, and honours its filters", async () => {
    await api.call("POST", "/users", {
      id: "user_member",
      subjectId: "subject_member",
      email: "m@globex.com",
      defaultTenantId: "tenant_globex",
    });
    await api.call("POST", "/memberships", {
      subjectId: "subject_member",
      scopeId: "scope_tenant_acme",
    });
    const own = (await api.call("POST", "/users", { email: "own@acme.com" }, acmeKey)).body;
    const ids = async (query: string) =>
      (await api.call("GET", `/users${query}`, undefined, acmeKey)).body.data.map(
        (u: { id: string }) => u.id,
      );

    expect((await ids("")).sort()).toEqual([own.id, "user_member"].sort());
    expect(await ids(`?subjectId=${own.subjectId}`)).toEqual([own.id]);
    expect(await ids("?subjectId=subject_member")).toEqual(["user_member"]);
    expect(await ids("?defaultTenantId=tenant_globex")).toEqual([]);
    expect(await ids("?defaultTenantId=tenant_zzz")).toEqual([]);
    expect(await ids("?email=g@globex.com")).toEqual([]);
  });
});
