import { beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./harness.js";

let api: Harness;
let ids: { role: string; permission: string; membership: string; subject: string };

const question = {
  actor: { subjectId: "subject_rep", subjectType: "user" },
  scopeId: "scope_env_prod",
  action: "read",
  resource: { resourceType: "customer" },
};

async function allowed(): Promise<boolean> {
  return (await api.call("POST", "/evaluate", question)).body.allowed;
}

beforeEach(async () => {
  api = await createHarness();
  const post = async (path: string, body: unknown) => (await api.call("POST", path, body)).body;
  await post("/tenants", { id: "tenant_t", name: "T", slug: "t" });
  await post("/workspaces", { id: "workspace_w", tenantId: "tenant_t", name: "W" });
  await post("/projects", { id: "project_p", workspaceId: "workspace_w", name: "P" });
  await post("/environments", { id: "env_prod", projectId: "project_p", name: "Prod" });
  const user = await post("/users", { subjectId: "subject_rep", email: "rep@t.com" });
  const role = await post("/roles", { scopeId: "scope_project_p", name: "Rep" });
  const permission = await post("/permissions", {
    scopeId: "scope_project_p",
    action: "read",
    resourceType: "customer",
  });
  await post(`/roles/${role.id}/permissions`, { permissionIds: [permission.id] });
  const membership = await post("/memberships", {
    subjectId: user.subjectId,
    scopeId: "scope_project_p",
  });
  await post("/role-assignments", { roleId: role.id, membershipId: membership.id });
  ids = {
    role: role.id,
    permission: permission.id,
    membership: membership.id,
    subject: user.subjectId,
  };
});

describe("deletes cascade", () => {
  it("allows before any delete", async () => {
    expect(await allowed()).toBe(true);
  });

  it.each([
    ["the role", (): string => `/roles/${ids.role}`, { roleAssignments: 0, grants: 0 }],
    ["the permission", (): string => `/permissions/${ids.permission}`, { grants: 0 }],
    ["the membership", (): string => `/memberships/${ids.membership}`, { roleAssignments: 0 }],
    ["the subject", (): string => `/subjects/${ids.subject}`, { memberships: 0, users: 0 }],
    ["the project", (): string => "/projects/project_p", { roles: 0, permissions: 0, scopes: 2 }],
    [
      "the tenant",
      (): string => "/tenants/tenant_t",
      { memberships: 0, scopes: 0, environments: 0 },
    ],
  ] as const)("never allows through %s once it is deleted", async (_what, path, remaining) => {
    const answer = await api.call("DELETE", path());

    expect(answer.status).toBe(204);
    expect(await allowed()).toBe(false);
    for (const [table, count] of Object.entries(remaining)) {
      const left = await api.bedrock.read((r) => r.count(table as "roles", {}));
      expect(left, table).toBe(count);
    }
  });

  it("deletes the project's environments, roles and grants in one transaction", async () => {
    await api.call("DELETE", "/projects/project_p");

    const left = await api.bedrock.read(async (r) => ({
      environments: await r.count("environments", {}),
      grants: await r.count("grants", {}),
      overrides: await r.count("permissionOverrides", {}),
    }));
    expect(left).toEqual({ environments: 0, grants: 0, overrides: 0 });
    expect((await api.call("GET", "/scopes/scope_env_prod")).status).toBe(404);
  });
});
