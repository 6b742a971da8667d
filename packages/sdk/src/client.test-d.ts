import { describe, expectTypeOf, it } from "vitest";
import { type Bedrock, createBedrock } from "./client.js";
import type { BedrockApiError, FieldIssue, Problem } from "./errors.js";
import type { Resource, ResourceMethod } from "./resource.js";
import type {
  ApiKey,
  AuditEvent,
  CreatedApiKey,
  Decision,
  EffectivePermission,
  EffectivePermissionPage,
  Membership,
  MembershipBatchItem,
  MembershipWithAssignments,
  Page,
  Permission,
  PermissionOverride,
  ReasonCode,
  Role,
  RoleAssignment,
  RoleAssignmentPatch,
  RolePermissionOverride,
  Scope,
  ScopeLookupPage,
  ScopeMatch,
  ScopeWithAncestors,
  SubjectMatch,
  SubjectPatch,
  Tenant,
  User,
  UserPatch,
  Workspace,
} from "./types.js";

declare const bedrock: Bedrock;
declare const error: BedrockApiError;

describe("createBedrock types", () => {
  it("returns a Bedrock from the documented options", () => {
    expectTypeOf(createBedrock).parameter(0).toEqualTypeOf<{
      baseUrl: string;
      token: string;
      fetch?: (request: Request) => Promise<Response>;
      headers?: Record<string, string>;
      consistency?: "eventual" | "read-your-writes";
    }>();
    expectTypeOf(createBedrock).returns.toEqualTypeOf<Bedrock>();
  });

  it("accepts globalThis.fetch as the fetch option", () => {
    createBedrock({ baseUrl: "https://api.example.com", token: "t", fetch: globalThis.fetch });
  });
});

describe("evaluate types", () => {
  it("takes the guide's request and answers a Decision", () => {
    const answer = bedrock.evaluate({
      actor: { subjectId: "subject_acme_user", subjectType: "user" },
      scopeId: "scope_project_crm",
      action: "read",
      resource: { resourceType: "*" },
      explain: true,
      minRevision: 3,
    });

    expectTypeOf(answer).resolves.toEqualTypeOf<Decision>();
    expectTypeOf<Decision["reason"]>().toEqualTypeOf<ReasonCode>();
    expectTypeOf<Decision["decision"]>().toEqualTypeOf<"ALLOWED" | "DENIED">();
  });

  it("rejects requests the API would refuse", () => {
    // @ts-expect-error: actor is required
    bedrock.evaluate({ scopeId: "s", action: "read", resource: { resourceType: "customer" } });

    bedrock.evaluate({
      // @ts-expect-error: a subject is a user or an agent
      actor: { subjectId: "subject_1", subjectType: "robot" },
      scopeId: "s",
      action: "read",
      resource: { resourceType: "customer" },
    });

    bedrock.evaluate({
      actor: { subjectId: "subject_1", subjectType: "user" },
      scopeId: "s",
      action: "read",
      // @ts-expect-error: resourceType is required
      resource: { resourceId: "cust_1" },
    });

    bedrock.evaluate({
      actor: { subjectId: "subject_1", subjectType: "user" },
      scopeId: "s",
      action: "read",
      resource: { resourceType: "customer" },
      // @ts-expect-error: unknown fields are refused
      tenantId: "tenant_acme",
    });
  });

  it("answers batches with a list of decisions", () => {
    expectTypeOf(bedrock.evaluateBatch).returns.resolves.toEqualTypeOf<Decision[]>();
    expectTypeOf(bedrock.evaluateMany).returns.resolves.toEqualTypeOf<Decision[]>();
  });

  it("answers can with a boolean", () => {
    expectTypeOf(bedrock.can).returns.resolves.toEqualTypeOf<boolean>();
  });
});

describe("lookup types", () => {
  const subject = { subjectId: "subject_acme_user", subjectType: "user" as const };

  it("answers pages and iterates items", () => {
    const scopes = {
      subject,
      tenantId: "tenant_acme",
      kind: "project" as const,
      action: "read",
      resourceType: "customer",
    };

    expectTypeOf(bedrock.lookup.scopes(scopes)).resolves.toEqualTypeOf<ScopeLookupPage>();
    expectTypeOf(bedrock.lookup.iterateScopes(scopes)).toEqualTypeOf<
      AsyncGenerator<ScopeMatch, void, undefined>
    >();
    const subjects = { scopeId: "scope_project_crm", action: "read", resourceType: "customer" };
    expectTypeOf(bedrock.lookup.iterateSubjects(subjects)).toEqualTypeOf<
      AsyncGenerator<SubjectMatch, void, undefined>
    >();
    expectTypeOf(
      bedrock.subjects.permissions("subject_acme_user", "scope_project_crm"),
    ).resolves.toEqualTypeOf<EffectivePermissionPage>();
    expectTypeOf(
      bedrock.subjects.iteratePermissions("subject_acme_user", "scope_project_crm"),
    ).toEqualTypeOf<AsyncGenerator<EffectivePermission, void, undefined>>();
  });

  it("refuses lookups the API would refuse", () => {
    bedrock.lookup.scopes({
      subject,
      tenantId: "t",
      // @ts-expect-error: kind is a scope kind
      kind: "galaxy",
      action: "read",
      resourceType: "x",
    });

    bedrock.lookup.iterateSubjects({
      scopeId: "s",
      action: "read",
      resourceType: "x",
      // @ts-expect-error: an iterator starts at the first page, so it takes no cursor
      cursor: "c",
    });
  });
});

describe("management method types", () => {
  it("returns the schema types", () => {
    expectTypeOf(bedrock.tenants.create).returns.resolves.toEqualTypeOf<Tenant>();
    expectTypeOf(bedrock.tenants.list).returns.resolves.toEqualTypeOf<Page<Tenant>>();
    expectTypeOf(bedrock.tenants.delete).returns.resolves.toBeVoid();
    expectTypeOf(bedrock.roles.createBatch).returns.resolves.toEqualTypeOf<Role[]>();
    expectTypeOf(bedrock.memberships.list).returns.resolves.toEqualTypeOf<Page<Membership>>();
    expectTypeOf(bedrock.memberships.iterate).returns.toEqualTypeOf<
      AsyncGenerator<Membership, void, undefined>
    >();
    expectTypeOf(bedrock.tenants.iterate).returns.toEqualTypeOf<
      AsyncGenerator<Tenant, void, undefined>
    >();
  });

  it("checks inputs against the schema", () => {
    // @ts-expect-error: a tenant needs a slug
    bedrock.tenants.create({ name: "Acme Corp" });

    // @ts-expect-error: kind is standard, sandbox or enterprise
    bedrock.tenants.create({ name: "Acme Corp", slug: "acme-corp", kind: "huge" });

    // @ts-expect-error: an override is enabled or disabled
    bedrock.overrides.permission({ childScopeId: "c", permissionId: "p", state: "off" });
  });

  it("types every operation of raw by path", () => {
    const answer = bedrock.raw.GET("/tenants/{id}", { params: { path: { id: "tenant_acme" } } });
    expectTypeOf(answer).resolves.toHaveProperty("data").toEqualTypeOf<Tenant | undefined>();

    // @ts-expect-error: the path needs its id
    bedrock.raw.GET("/tenants/{id}", {});

    // @ts-expect-error: no such path
    bedrock.raw.GET("/tennants");
  });
});

describe("resource types", () => {
  it("types every method from the API's schemas", () => {
    expectTypeOf(bedrock.workspaces.get).returns.resolves.toEqualTypeOf<Workspace>();
    expectTypeOf(bedrock.scopes.get).returns.resolves.toEqualTypeOf<ScopeWithAncestors>();
    expectTypeOf(bedrock.scopes.list).returns.resolves.toEqualTypeOf<Page<Scope>>();
    expectTypeOf(bedrock.subjects.update).parameter(1).toEqualTypeOf<SubjectPatch>();
    expectTypeOf(bedrock.users.update).parameter(1).toEqualTypeOf<UserPatch>();
    expectTypeOf(bedrock.users.update).returns.resolves.toEqualTypeOf<User>();
    expectTypeOf(bedrock.memberships.createBatch)
      .parameter(0)
      .toEqualTypeOf<MembershipBatchItem[]>();
    expectTypeOf(bedrock.memberships.createBatch).returns.resolves.toEqualTypeOf<
      MembershipWithAssignments[]
    >();
    expectTypeOf(bedrock.roleAssignments.update).parameter(1).toEqualTypeOf<RoleAssignmentPatch>();
    expectTypeOf(bedrock.roleAssignments.update).returns.resolves.toEqualTypeOf<RoleAssignment>();
    expectTypeOf(bedrock.roles.permissions).returns.resolves.toEqualTypeOf<Page<Permission>>();
    expectTypeOf(bedrock.roles.revoke).returns.resolves.toBeVoid();
    expectTypeOf(
      bedrock.overrides.permissions.get,
    ).returns.resolves.toEqualTypeOf<PermissionOverride>();
    expectTypeOf(bedrock.overrides.rolePermissions.iterate).returns.toEqualTypeOf<
      AsyncGenerator<RolePermissionOverride, void, undefined>
    >();
    expectTypeOf(bedrock.apiKeys.create).returns.resolves.toEqualTypeOf<CreatedApiKey>();
    expectTypeOf(bedrock.apiKeys.list).returns.resolves.toEqualTypeOf<Page<ApiKey>>();
    expectTypeOf(bedrock.apiKeys.revoke).returns.resolves.toEqualTypeOf<ApiKey>();
    expectTypeOf(bedrock.auditEvents.iterate).returns.toEqualTypeOf<
      AsyncGenerator<AuditEvent, void, undefined>
    >();
  });

  it("names the methods the API offers for each path", () => {
    expectTypeOf<ResourceMethod<"/memberships">>().toEqualTypeOf<
      "create" | "createBatch" | "get" | "list" | "iterate" | "delete"
    >();
    expectTypeOf<ResourceMethod<"/audit-events">>().toEqualTypeOf<"get" | "list" | "iterate">();
    expectTypeOf<ResourceMethod<"/tenants">>().toEqualTypeOf<
      "create" | "get" | "list" | "iterate" | "update" | "delete"
    >();
  });

  it("has no method for an operation the API lacks", () => {
    // @ts-expect-error: a membership cannot be changed, only deleted and made again
    bedrock.memberships.update("membership_1", {});

    // @ts-expect-error: audit events are written by the server only
    bedrock.auditEvents.create({});

    // @ts-expect-error: scopes come and go with their tenant, workspace, project or environment
    bedrock.scopes.delete("scope_env_prod");

    // @ts-expect-error: a key is revoked, and its record stays
    bedrock.apiKeys.delete("key_1");

    // @ts-expect-error: overrides are set with overrides.permission
    bedrock.overrides.permissions.create({});

    // @ts-expect-error: a permission cannot be changed once granted
    bedrock.permissions.update("perm_1", {});

    // @ts-expect-error: the API has no PATCH /memberships/{id}
    expectTypeOf<Resource<"/memberships", "update">>();
  });

  it("checks resource inputs against the schema", () => {
    // @ts-expect-error: a membership names its scope
    bedrock.memberships.create({ subjectId: "subject_ann" });

    // @ts-expect-error: a key has manage or evaluate rights
    bedrock.apiKeys.create({ name: "ci", permissions: ["admin"] });

    // @ts-expect-error: scopes are listed by tenant, kind or parent, not by name
    bedrock.scopes.list({ name: "Production" });

    // @ts-expect-error: an iterator starts at the first page, so it takes no cursor
    bedrock.auditEvents.iterate({ cursor: "audit_1" });
  });
});

describe("BedrockApiError types", () => {
  it("exposes the problem read-only", () => {
    expectTypeOf<BedrockApiError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<BedrockApiError["code"]>().toEqualTypeOf<string>();
    expectTypeOf<BedrockApiError["errors"]>().toEqualTypeOf<readonly FieldIssue[]>();
    expectTypeOf<BedrockApiError["problem"]>().toEqualTypeOf<Problem | undefined>();

    // @ts-expect-error: the code of a thrown error cannot change
    error.code = "not_found";
  });
});
