import { describe, expect, it } from "vitest";
import { defineScenario } from "./scenario.js";

describe("defineScenario", () => {
  it("records each declaration as the API operation that makes it, with readable ids", () => {
    const scenario = defineScenario((s) => {
      const crm = s.tenant("tenant_acme").workspace("workspace_main").project("project_crm");
      const production = crm.environment("env_production");
      const read = crm.permission("perm_read", "customer:read:*");
      const viewer = crm.role("role_viewer", { name: "Viewer", permissions: [read] });
      s.agent("subject_bot").memberOf(crm, { roles: [viewer] });
      production.disable(read, { role: viewer });
    });

    expect(scenario.steps).toEqual([
      {
        operation: "createTenant",
        input: { id: "tenant_acme", name: "acme", slug: "acme" },
      },
      {
        operation: "createWorkspace",
        input: { id: "workspace_main", tenantId: "tenant_acme", name: "main" },
      },
      {
        operation: "createProject",
        input: { id: "project_crm", workspaceId: "workspace_main", name: "crm" },
      },
      {
        operation: "createEnvironment",
        input: { id: "env_production", projectId: "project_crm", name: "production" },
      },
      {
        operation: "createPermission",
        input: {
          id: "perm_read",
          scopeId: "scope_project_crm",
          action: "read",
          resourceType: "customer",
          resourcePattern: "*",
        },
      },
      {
        operation: "createRole",
        input: {
          id: "role_viewer",
          scopeId: "scope_project_crm",
          name: "Viewer",
          description: null,
          permissionIds: ["perm_read"],
        },
      },
      {
        operation: "createSubject",
        input: { id: "subject_bot", subjectType: "agent" },
      },
      {
        operation: "createMembership",
        input: {
          id: "membership_bot_project_crm",
          subjectId: "subject_bot",
          scopeId: "scope_project_crm",
        },
      },
      {
        operation: "createRoleAssignment",
        input: {
          id: "ra_bot_project_crm_viewer",
          roleId: "role_viewer",
          membershipId: "membership_bot_project_crm",
          expiresAt: null,
        },
      },
      {
        operation: "upsertRolePermissionOverride",
        input: {
          id: "ovr_env_production_viewer_read",
          childScopeId: "scope_env_production",
          roleId: "role_viewer",
          permissionId: "perm_read",
          state: "disabled",
        },
      },
    ]);
  });

  it.each([
    ["customer:read:*", { resourceType: "customer", action: "read", resourcePattern: "*" }],
    ["customer:read", { resourceType: "customer", action: "read", resourcePattern: "*" }],
    ["doc:read:urn:a:*", { resourceType: "doc", action: "read", resourcePattern: "urn:a:*" }],
  ])("reads the permission key %s as its fields", (key, fields) => {
    const scenario = defineScenario((s) => {
      s.tenant("tenant_a").permission("perm_x", key);
    });

    expect(scenario.steps[1]?.input).toEqual({
      id: "perm_x",
      scopeId: "scope_tenant_a",
      ...fields,
    });
  });

  it("refuses a permission key without an action, when declared", () => {
    const declare = () => defineScenario((s) => s.tenant("tenant_a").permission("perm_x", "doc"));

    expect(declare).toThrow(/perm_x: write its key as resourceType:action:resourcePattern/);
  });

  it("names the user record after its subject unless told otherwise", () => {
    const scenario = defineScenario((s) => {
      s.user("subject_ann", { email: "ann@acme.com" });
      s.user("subject_bob", { id: "user_robert" });
    });

    expect(scenario.steps.map((step) => step.input)).toEqual([
      { id: "user_ann", subjectId: "subject_ann", email: "ann@acme.com" },
      { id: "user_robert", subjectId: "subject_bob" },
    ]);
  });

  it("gives a tenant's own agents that tenant as their home", () => {
    const scenario = defineScenario((s) => {
      s.tenant("tenant_acme").agent("subject_bot", { displayName: "Bot" });
    });

    expect(scenario.steps[1]).toEqual({
      operation: "createSubject",
      input: {
        id: "subject_bot",
        subjectType: "agent",
        displayName: "Bot",
        tenantId: "tenant_acme",
      },
    });
  });

  it("asks for an id when a derived membership id would be too long", () => {
    const long = `subject_${"x".repeat(40)}`;
    const declare = () =>
      defineScenario((s) => s.agent(long).memberOf(`scope_project_${"y".repeat(20)}`));

    expect(declare).toThrow(/needs an id of at most 64 characters: pass \{ id \}/);
  });

  it("extends a scenario without changing it, reaching earlier records by id", () => {
    const base = defineScenario((s) => {
      s.tenant("tenant_acme").workspace("workspace_main").project("project_crm");
    });

    const extended = base.extend((s) => {
      const crm = s.existing.project("project_crm");
      s.existing.environment("env_qa");
      crm.environment("env_qa", { name: "QA" });
      s.existing.role("role_viewer").grant("perm_read");
    });

    expect(base.steps).toHaveLength(3);
    expect(extended.steps.slice(3)).toEqual([
      {
        operation: "createEnvironment",
        input: { id: "env_qa", projectId: "project_crm", name: "QA" },
      },
      {
        operation: "grantRolePermissions",
        input: { roleId: "role_viewer", permissionIds: ["perm_read"] },
      },
    ]);
  });
});
