import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { ok, statusOf } from "./answers.js";
import { check, seedGuide, user } from "./guide-model.js";

const byId = (id: string) => ({ params: { path: { id } } });

/** Overrides are upserts on their target, and decide as the design says. */
export function overridesContract(use: () => ContractContext): void {
  describe("overrides", () => {
    it("answers 201 for a new override and 200 when posting its target again", async () => {
      const { send } = use();
      await seedGuide(use().bedrock);
      const body = (state: string) =>
        JSON.stringify({ childScopeId: "scope_env_staging", permissionId: "perm_write", state });

      const created = await send("POST", "/scope-overrides/permissions", {
        body: body("disabled"),
      });
      const updated = await send("POST", "/scope-overrides/permissions", { body: body("enabled") });

      expect([created.status, updated.status]).toEqual([201, 200]);
      expect(updated.body).toMatchObject({ id: created.body.id, state: "enabled" });
    });

    it("upserts role-permission overrides on their target", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const target = {
        childScopeId: "scope_env_production",
        roleId: "role_sales_rep",
        permissionId: "perm_export",
      };

      const enabled = await bedrock.overrides.rolePermission({ ...target, state: "enabled" });
      const page = await ok(
        bedrock.raw.GET("/scope-overrides/role-permissions", {
          params: { query: { childScopeId: "scope_env_production" } },
        }),
      );
      const decision = await bedrock.evaluate(
        check({
          actor: user("subject_sales_rep"),
          scopeId: "scope_env_production",
          action: "export",
          resource: { resourceType: "report" },
        }),
      );

      expect(page.data).toEqual([enabled]);
      expect(decision.decision).toBe("ALLOWED");
    });

    it("lets a role-permission override re-enable what a permission override disables", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      await bedrock.overrides.rolePermission({
        childScopeId: "scope_env_production",
        roleId: "role_admin",
        permissionId: "perm_delete",
        state: "enabled",
      });
      const remove = (subjectId: string) =>
        check({ actor: user(subjectId), scopeId: "scope_env_production", action: "delete" });

      const decisions = await bedrock.evaluateBatch([
        remove("subject_acme_admin"),
        remove("subject_sales_rep"),
      ]);

      expect(decisions.map((d) => `${d.decision} ${d.reason}`)).toEqual([
        "ALLOWED allowed",
        "DENIED disabled_by_override",
      ]);
    });

    it("reads and deletes permission overrides, and the grant stands again", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const page = await ok(
        bedrock.raw.GET("/scope-overrides/permissions", {
          params: { query: { permissionId: "perm_delete" } },
        }),
      );
      const id = page.data[0]?.id ?? "";

      const got = await ok(bedrock.raw.GET("/scope-overrides/permissions/{id}", byId(id)));
      const deleted = await statusOf(
        bedrock.raw.DELETE("/scope-overrides/permissions/{id}", byId(id)),
      );
      const decision = await bedrock.evaluate(
        check({ scopeId: "scope_env_production", action: "delete" }),
      );

      expect(got).toMatchObject({ childScopeId: "scope_env_production", state: "disabled" });
      expect(deleted).toBe(204);
      expect(decision.decision).toBe("ALLOWED");
    });

    it("reads and deletes role-permission overrides", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const page = await ok(
        bedrock.raw.GET("/scope-overrides/role-permissions", {
          params: { query: { roleId: "role_sales_rep" } },
        }),
      );
      const id = page.data[0]?.id ?? "";

      const got = await ok(bedrock.raw.GET("/scope-overrides/role-permissions/{id}", byId(id)));
      const deleted = await statusOf(
        bedrock.raw.DELETE("/scope-overrides/role-permissions/{id}", byId(id)),
      );

      expect(got).toMatchObject({ roleId: "role_sales_rep", permissionId: "perm_export" });
      expect(deleted).toBe(204);
    });

    it("refuses an override at the permission's own scope with 422 invalid_reference", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const answer = await bedrock.raw.POST("/scope-overrides/permissions", {
        body: { childScopeId: "scope_project_crm", permissionId: "perm_read", state: "disabled" },
      });

      expect(answer.response.status).toBe(422);
      expect(answer.error).toMatchObject({ code: "invalid_reference" });
    });
  });
}
