import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { ok, statusOf } from "./answers.js";
import { seedGuide } from "./guide-model.js";

const byId = (id: string) => ({ params: { path: { id } } });

/** Subjects, users and the records that tie them together. */
export function subjectsContract(use: () => ContractContext): void {
  describe("subjects and users", () => {
    it("reads, filters and updates subjects", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const got = await ok(bedrock.raw.GET("/subjects/{id}", byId("subject_acme_agent")));
      const agents = await ok(
        bedrock.raw.GET("/subjects", { params: { query: { subjectType: "agent" } } }),
      );
      const updated = await ok(
        bedrock.raw.PATCH("/subjects/{id}", {
          ...byId("subject_acme_agent"),
          body: { displayName: "Assistant", meta: { model: "claude-4" } },
        }),
      );

      expect(got).toMatchObject({ subjectType: "agent", externalId: "acme-sales-assistant" });
      expect(agents.data.map((s) => s.id)).toEqual(["subject_acme_agent"]);
      expect(updated).toMatchObject({ displayName: "Assistant", meta: { model: "claude-4" } });
    });

    it("gives a user's subject the kindeId as externalId and the full name as display name", async () => {
      const { bedrock } = use();

      const created = await bedrock.users.create({
        kindeId: "kp_1",
        email: "ann@acme.com",
        firstName: "Ann",
        lastName: "Lee",
      });
      const subject = await ok(bedrock.raw.GET("/subjects/{id}", byId(created.subjectId)));

      expect(subject).toMatchObject({
        subjectType: "user",
        externalId: "kp_1",
        displayName: "Ann Lee",
        tenantId: null,
      });
    });

    it("finds users by email whatever its case, and keeps it as given", async () => {
      const { bedrock } = use();
      await bedrock.users.create({ id: "user_ann", email: "Ann@Acme.com" });

      const page = await ok(
        bedrock.raw.GET("/users", { params: { query: { email: "ann@acme.COM" } } }),
      );

      expect(page.data.map((u) => [u.id, u.email])).toEqual([["user_ann", "Ann@Acme.com"]]);
    });

    it("reads, updates and deletes a user", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const got = await ok(bedrock.raw.GET("/users/{id}", byId("user_sales_rep")));
      const updated = await ok(
        bedrock.raw.PATCH("/users/{id}", {
          ...byId("user_sales_rep"),
          body: { firstName: "Sam", externalId: "crm-42" },
        }),
      );
      const deleted = await statusOf(bedrock.raw.DELETE("/users/{id}", byId("user_sales_rep")));

      expect(got).toMatchObject({ subjectId: "subject_sales_rep", email: "rep@acme.com" });
      expect(updated).toMatchObject({ firstName: "Sam", externalId: "crm-42" });
      expect(deleted).toBe(204);
    });

    it("lets one user belong to several tenants", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      await bedrock.memberships.create({
        subjectId: "subject_acme_user",
        scopeId: "scope_project_globex_crm",
      });

      const page = await bedrock.memberships.list({ subjectId: "subject_acme_user" });
      expect(page.data.map((m) => m.tenantId).sort()).toEqual(["tenant_acme", "tenant_globex"]);
    });
  });
}
