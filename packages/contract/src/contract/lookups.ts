import type { Bedrock, components } from "@bedrock/sdk";
import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { ok } from "./answers.js";
import { seedGuide } from "./guide-model.js";

type ScopeLookup = components["schemas"]["ScopeLookupRequest"];
type SubjectLookup = components["schemas"]["SubjectLookupRequest"];

const lookupScopes = (bedrock: Bedrock, body: ScopeLookup) =>
  ok(bedrock.raw.POST("/lookup/scopes", { body }));

const lookupSubjects = (bedrock: Bedrock, body: SubjectLookup) =>
  ok(bedrock.raw.POST("/lookup/subjects", { body }));

const effectivePermissions = (bedrock: Bedrock, subjectId: string, scopeId: string) =>
  ok(
    bedrock.raw.GET("/subjects/{subjectId}/permissions", {
      params: { path: { subjectId }, query: { scopeId } },
    }),
  );

/** Which scopes, which subjects and which permissions, each decided as evaluate decides. */
export function lookupsContract(use: () => ContractContext): void {
  describe("lookups", () => {
    it("lists the projects of a tenant where a user may read customers", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const page = await lookupScopes(bedrock, {
        subject: { subjectId: "subject_acme_user", subjectType: "user" },
        tenantId: "tenant_acme",
        kind: "project",
        action: "read",
        resourceType: "customer",
      });

      expect(page.data).toEqual([
        {
          scopeId: "scope_project_crm",
          kind: "project",
          entityId: "project_crm",
          parentScopeId: "scope_workspace_main",
          matched: expect.objectContaining({ roleId: "role_sales_rep", permissionId: "perm_read" }),
        },
      ]);
      expect(page.nextCursor).toBeNull();
    });

    it.each([
      ["subject_sales_rep", ["scope_env_staging"]],
      ["subject_acme_admin", ["scope_env_production", "scope_env_staging"]],
    ])("lists the environments where %s may export, after overrides", async (subjectId, scopes) => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const page = await lookupScopes(bedrock, {
        subject: { subjectId, subjectType: "user" },
        tenantId: "tenant_acme",
        kind: "environment",
        action: "export",
        resourceType: "report",
      });

      expect(page.data.map((scope) => scope.scopeId)).toEqual(scopes);
    });

    it("lists nothing in a tenant the user has no place in", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const page = await lookupScopes(bedrock, {
        subject: { subjectId: "subject_acme_user", subjectType: "user" },
        tenantId: "tenant_globex",
        kind: "project",
        action: "read",
        resourceType: "customer",
      });

      expect(page.data).toEqual([]);
    });

    it("lists the subjects allowed an action at a scope, page by page", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const ask = (cursor?: string) =>
        lookupSubjects(bedrock, {
          scopeId: "scope_project_crm",
          action: "read",
          resourceType: "customer",
          limit: 3,
          cursor,
        });

      const first = await ask();
      const second = await ask(first.nextCursor ?? undefined);

      const subjects = [...first.data, ...second.data].map(
        (subject) => `${subject.subjectType} ${subject.subjectId}`,
      );
      expect(subjects).toEqual([
        "user subject_acme_admin",
        "agent subject_acme_agent",
        "user subject_acme_user",
        "user subject_sales_rep",
      ]);
      expect(second.nextCursor).toBeNull();
    });

    it("lists only Admins as allowed to export in Production", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const page = await lookupSubjects(bedrock, {
        scopeId: "scope_env_production",
        action: "export",
        resourceType: "report",
      });

      expect(page.data.map((subject) => subject.subjectId)).toEqual(["subject_acme_admin"]);
    });

    it("lists a subject's effective permissions at a scope, with the roles behind them", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const production = await effectivePermissions(
        bedrock,
        "subject_sales_rep",
        "scope_env_production",
      );
      const staging = await effectivePermissions(bedrock, "subject_sales_rep", "scope_env_staging");

      const keys = (page: typeof staging) => page.data.map((permission) => permission.key).sort();
      expect(keys(production)).toEqual(["customer:read:*", "customer:write:*"]);
      expect(keys(staging)).toEqual([
        "customer:delete:*",
        "customer:read:*",
        "customer:write:*",
        "report:export:*",
      ]);
      expect(staging.data[0]?.roles).toEqual([
        { roleId: "role_sales_rep", name: "Sales Rep", membershipId: "membership_sales_rep_crm" },
      ]);
    });

    it("refuses a lookup cursor it never gave with 400", async () => {
      const { bedrock } = use();

      const answer = await bedrock.raw.POST("/lookup/subjects", {
        body: {
          scopeId: "scope_project_crm",
          action: "read",
          resourceType: "customer",
          cursor: "***",
        },
      });

      expect(answer.response.status).toBe(400);
      expect(answer.error).toMatchObject({ errors: [{ path: "body.cursor" }] });
    });
  });
}
