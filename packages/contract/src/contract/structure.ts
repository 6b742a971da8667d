import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { ok, statusOf } from "./answers.js";
import { seedGuide } from "./guide-model.js";

const byId = (id: string) => ({ params: { path: { id } } });

/** Tenants, workspaces, projects, environments and the scope tree they make. */
export function structureContract(use: () => ContractContext): void {
  describe("the scope tree", () => {
    it("reads, filters and updates tenants", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const got = await bedrock.tenants.get("tenant_acme");
      const bySlug = await bedrock.tenants.list({ slug: "globex-inc" });
      const updated = await bedrock.tenants.update("tenant_acme", { planKey: "enterprise" });

      expect(got).toMatchObject({ id: "tenant_acme", slug: "acme-corp", maxUsers: 50 });
      expect(bySlug.data.map((t) => t.id)).toEqual(["tenant_globex"]);
      expect(updated).toMatchObject({ planKey: "enterprise", name: "Acme Corp" });
      expect(updated.revision).toBeGreaterThan(got.revision);
    });

    it("reads, filters, renames and deletes workspaces", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const got = await bedrock.workspaces.get("workspace_main");
      const listed = await bedrock.workspaces.list({ tenantId: "tenant_globex" });
      const renamed = await bedrock.workspaces.update("workspace_main", { name: "Primary" });
      await bedrock.workspaces.delete("workspace_globex_main");
      const after = await bedrock.workspaces.list({ tenantId: "tenant_globex" });

      expect(got).toMatchObject({ tenantId: "tenant_acme", scopeId: "scope_workspace_main" });
      expect(listed.data.map((w) => w.id)).toEqual(["workspace_globex_main"]);
      expect(renamed.name).toBe("Primary");
      expect(after.data).toEqual([]);
    });

    it("reads, filters, renames and deletes projects", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const got = await ok(bedrock.raw.GET("/projects/{id}", byId("project_crm")));
      const listed = await ok(
        bedrock.raw.GET("/projects", { params: { query: { workspaceId: "workspace_main" } } }),
      );
      const renamed = await ok(
        bedrock.raw.PATCH("/projects/{id}", { ...byId("project_crm"), body: { name: "CRM" } }),
      );
      const deleted = await statusOf(
        bedrock.raw.DELETE("/projects/{id}", byId("project_globex_crm")),
      );

      expect(got).toMatchObject({ workspaceId: "workspace_main", tenantId: "tenant_acme" });
      expect(listed.data.map((p) => p.id)).toEqual(["project_crm"]);
      expect(renamed).toMatchObject({ name: "CRM", scopeId: "scope_project_crm" });
      expect(deleted).toBe(204);
    });

    it("reads, filters, renames and deletes environments", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const got = await ok(bedrock.raw.GET("/environments/{id}", byId("env_staging")));
      const listed = await ok(
        bedrock.raw.GET("/environments", { params: { query: { projectId: "project_crm" } } }),
      );
      const renamed = await ok(
        bedrock.raw.PATCH("/environments/{id}", {
          ...byId("env_staging"),
          body: { description: "Pre-release" },
        }),
      );
      const deleted = await statusOf(bedrock.raw.DELETE("/environments/{id}", byId("env_staging")));
      const gone = await statusOf(bedrock.raw.GET("/environments/{id}", byId("env_staging")));

      expect(got).toMatchObject({ projectId: "project_crm", name: "Staging" });
      expect(listed.data.map((e) => e.id)).toEqual(["env_production", "env_staging"]);
      expect(renamed).toMatchObject({ name: "Staging", description: "Pre-release" });
      expect([deleted, gone]).toEqual([204, 404]);
    });

    it("shows a scope with its ancestors, parent first", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const scope = await ok(bedrock.raw.GET("/scopes/{id}", byId("scope_env_production")));

      expect(scope).toMatchObject({
        id: "scope_env_production",
        kind: "environment",
        tenantId: "tenant_acme",
        parentScopeId: "scope_project_crm",
      });
      expect(scope.ancestors.map((a) => a.id)).toEqual([
        "scope_project_crm",
        "scope_workspace_main",
        "scope_tenant_acme",
      ]);
    });

    it("lists the scopes of a kind in a tenant", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const page = await ok(
        bedrock.raw.GET("/scopes", {
          params: { query: { tenantId: "tenant_acme", kind: "environment" } },
        }),
      );

      expect(page.data.map((s) => s.id)).toEqual(["scope_env_production", "scope_env_staging"]);
    });
  });
}
