import { beforeEach, describe, expect, it } from "vitest";
import { twoTenants } from "./fixtures.js";
import { createHarness, type Harness } from "./harness.js";

let api: Harness;
let model: Awaited<ReturnType<typeof twoTenants>>;

beforeEach(async () => {
  api = await createHarness();
  model = await twoTenants(api);
});

describe("scope ids", () => {
  it("repeats the entity id's suffix in the scope id", () => {
    expect(model.acme.tenant.scopeId).toBe("scope_tenant_acme");
    expect(model.acme.workspace.scopeId).toBe("scope_workspace_acme");
    expect(model.acme.project.scopeId).toBe("scope_project_acme");
    expect(model.acme.production.scopeId).toBe("scope_env_acme_prod");
  });

  it.each([
    ["a wrong prefix", { id: "project_x", name: "T", slug: "t-x" }, "body.id"],
    ["upper case", { id: "tenant_X", name: "T", slug: "t-x" }, "body.id"],
    ["65 characters", { id: `tenant_${"a".repeat(58)}`, name: "T", slug: "t-x" }, "body.id"],
    ["a bad slug", { name: "T", slug: "Not Kebab" }, "body.slug"],
  ])("refuses a client id with %s with 400 naming the field", async (_case, body, path) => {
    const answer = await api.call("POST", "/tenants", body);

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("validation_failed");
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("answers a taken id or slug with 409", async () => {
    const sameId = await api.call("POST", "/tenants", {
      id: "tenant_acme",
      name: "A",
      slug: "other",
    });
    const sameSlug = await api.call("POST", "/tenants", { name: "A", slug: "acme" });

    expect(sameId).toMatchObject({ status: 409, body: { code: "already_exists" } });
    expect(sameSlug).toMatchObject({ status: 409, body: { code: "already_exists" } });
  });
});

describe("cross-tenant references", () => {
  it("refuses a project whose tenantId differs from its workspace's", async () => {
    const answer = await api.call("POST", "/projects", {
      tenantId: "tenant_globex",
      workspaceId: "workspace_acme",
      name: "Sneaky",
    });

    expect(answer).toMatchObject({ status: 422, body: { code: "cross_tenant_reference" } });
  });

  it("refuses an assignment of one tenant's role to another tenant's membership", async () => {
    const role = (
      await api.call("POST", "/roles", { scopeId: "scope_project_acme", name: "Admin" })
    ).body;
    const agent = (await api.call("POST", "/subjects", { subjectType: "agent" })).body;
    const membership = (
      await api.call("POST", "/memberships", {
        subjectId: agent.id,
        scopeId: "scope_project_globex",
      })
    ).body;

    const answer = await api.call("POST", "/role-assignments", {
      roleId: role.id,
      membershipId: membership.id,
    });

    expect(answer).toMatchObject({ status: 422, body: { code: "cross_tenant_reference" } });
  });

  it("refuses a grant and an override across tenants", async () => {
    const role = (
      await api.call("POST", "/roles", { scopeId: "scope_project_acme", name: "Admin" })
    ).body;
    const perm = (
      await api.call("POST", "/permissions", {
        scopeId: "scope_project_globex",
        action: "read",
        resourceType: "doc",
      })
    ).body;

    const grant = await api.call("POST", `/roles/${role.id}/permissions`, {
      permissionIds: [perm.id],
    });
    const override = await api.call("POST", "/scope-overrides/permissions", {
      childScopeId: "scope_env_acme_prod",
      permissionId: perm.id,
      state: "disabled",
    });

    expect(grant).toMatchObject({ status: 422, body: { code: "cross_tenant_reference" } });
    expect(override).toMatchObject({ status: 422, body: { code: "cross_tenant_reference" } });
  });

  it("refuses a membership for an agent outside its home tenant", async () => {
    const agent = (
      await api.call("POST", "/subjects", { subjectType: "agent", tenantId: "tenant_acme" })
    ).body;

    const answer = await api.call("POST", "/memberships", {
      subjectId: agent.id,
      scopeId: "scope_project_globex",
    });

    expect(answer).toMatchObject({ status: 422, body: { code: "cross_tenant_reference" } });
  });
});

describe("role and grant scope rules", () => {
  it("assigns a project role at the project or its environment, never at the tenant", async () => {
    const role = (
      await api.call("POST", "/roles", { scopeId: "scope_project_acme", name: "Admin" })
    ).body;
    const agent = (await api.call("POST", "/subjects", { subjectType: "agent" })).body;
    const at = async (scopeId: string) =>
      (await api.call("POST", "/memberships", { subjectId: agent.id, scopeId })).body.id;

    const inEnv = await api.call("POST", "/role-assignments", {
      roleId: role.id,
      membershipId: await at("scope_env_acme_prod"),
    });
    const atTenant = await api.call("POST", "/role-assignments", {
      roleId: role.id,
      membershipId: await at("scope_tenant_acme"),
    });

    expect(inEnv.status).toBe(201);
    expect(atTenant).toMatchObject({ status: 422, body: { code: "invalid_reference" } });
  });

  it("grants a role only permissions at its scope or above", async () => {
    const role = (
      await api.call("POST", "/roles", { scopeId: "scope_project_acme", name: "Admin" })
    ).body;
    const above = (
      await api.call("POST", "/permissions", {
        scopeId: "scope_tenant_acme",
        action: "read",
        resourceType: "doc",
      })
    ).body;
    const below = (
      await api.call("POST", "/permissions", {
        scopeId: "scope_env_acme_prod",
        action: "read",
        resourceType: "doc",
      })
    ).body;

    const ok = await api.call("POST", `/roles/${role.id}/permissions`, {
      permissionIds: [above.id],
    });
    const refused = await api.call("POST", `/roles/${role.id}/permissions`, {
      permissionIds: [below.id],
    });

    expect(ok.status).toBe(201);
    expect(refused).toMatchObject({ status: 422, body: { code: "invalid_reference" } });
  });

  it("places an override only strictly below the permission's scope", async () => {
    const perm = (
      await api.call("POST", "/permissions", {
        scopeId: "scope_project_acme",
        action: "read",
        resourceType: "doc",
      })
    ).body;

    const atOwnScope = await api.call("POST", "/scope-overrides/permissions", {
      childScopeId: "scope_project_acme",
      permissionId: perm.id,
      state: "disabled",
    });

    expect(atOwnScope).toMatchObject({ status: 422, body: { code: "invalid_reference" } });
  });

  it("creates an override with 201, then updates its state with 200", async () => {
    const perm = (
      await api.call("POST", "/permissions", {
        scopeId: "scope_project_acme",
        action: "read",
        resourceType: "doc",
      })
    ).body;
    const body = { childScopeId: "scope_env_acme_prod", permissionId: perm.id, state: "disabled" };

    const created = await api.call("POST", "/scope-overrides/permissions", body);
    const updated = await api.call("POST", "/scope-overrides/permissions", {
      ...body,
      state: "enabled",
    });

    expect(created.status).toBe(201);
    expect(updated).toMatchObject({ status: 200, body: { id: created.body.id, state: "enabled" } });
  });
});

describe("permission identifiers", () => {
  it.each([
    ["an empty action", { action: "", resourceType: "doc" }, "body.action"],
    ["a colon in the resource type", { action: "read", resourceType: "a:b" }, "body.resourceType"],
    [
      "a key that differs from the derived one",
      { action: "read", resourceType: "doc", key: "x" },
      "body.key",
    ],
    [
      "a non-printable pattern",
      { action: "read", resourceType: "doc", resourcePattern: "a\nb" },
      "body.resourcePattern",
    ],
  ])("refuses %s with 400", async (_case, fields, path) => {
    const answer = await api.call("POST", "/permissions", {
      scopeId: "scope_project_acme",
      ...fields,
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("derives the key and refuses the same key twice at one scope", async () => {
    const body = {
      scopeId: "scope_project_acme",
      action: "read",
      resourceType: "doc",
      resourcePattern: "d_*",
    };

    const first = await api.call("POST", "/permissions", body);
    const second = await api.call("POST", "/permissions", body);

    expect(first.body.key).toBe("doc:read:d_*");
    expect(second).toMatchObject({ status: 409, body: { code: "already_exists" } });
  });
});

describe("batch creates", () => {
  it("creates nothing and names every failing index when any item fails", async () => {
    const answer = await api.call("POST", "/roles/batch", [
      { name: "Admin", scopeId: "scope_project_acme" },
      { name: "Admin", scopeId: "scope_project_acme" },
      { name: "Viewer", scopeId: "scope_nowhere" },
    ]);
    const roles = await api.call("GET", "/roles?scopeId=scope_project_acme");

    expect(answer.status).toBe(409);
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toEqual(["body[1]", "body[2]"]);
    expect(roles.body.data).toEqual([]);
  });

  it("names the index of a schema failure inside a batch", async () => {
    const answer = await api.call("POST", "/permissions/batch", [
      { scopeId: "scope_project_acme", action: "read", resourceType: "doc" },
      { scopeId: "scope_project_acme", action: "", resourceType: "doc" },
    ]);

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe("body[1].action");
  });
});

describe("evaluate", () => {
  it("answers unknown subjects and scopes with 200 DENIED, never 404", async () => {
    const answer = await api.call("POST", "/evaluate", {
      actor: { subjectId: "subject_nobody", subjectType: "user" },
      scopeId: "scope_nowhere",
      action: "read",
      resource: { resourceType: "doc" },
    });

    expect(answer).toMatchObject({
      status: 200,
      body: { allowed: false, reason: "subject_not_found" },
    });
  });

  it.each([
    ["an empty resource type", { resource: { resourceType: "" } }],
    ["an unknown subject type", { actor: { subjectId: "s", subjectType: "robot" } }],
    ["a missing scope", { scopeId: undefined }],
  ])("refuses %s with 400", async (_case, change) => {
    const base = {
      actor: { subjectId: "subject_x", subjectType: "user" },
      scopeId: "scope_x",
      action: "read",
      resource: { resourceType: "doc" },
    };

    const answer = await api.call("POST", "/evaluate", { ...base, ...change });

    expect(answer).toMatchObject({ status: 400, body: { code: "validation_failed" } });
  });
});
