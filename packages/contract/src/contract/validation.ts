import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { problemOf } from "./answers.js";
import { seedGuide } from "./guide-model.js";

/** Requests that are refused with 400 and a problem naming every field. */
export function validationContract(use: () => ContractContext): void {
  describe("validation", () => {
    it("answers a missing field with a whole problem+json body", async () => {
      const { send } = use();

      const answer = await send("POST", "/workspaces", { body: JSON.stringify({ name: "Main" }) });

      expect(answer.status).toBe(400);
      expect(answer.contentType).toBe("application/problem+json; charset=utf-8");
      expect(answer.body).toEqual({
        type: "https://bedrock.dev/problems/validation-failed",
        title: "The request is not valid",
        status: 400,
        detail: expect.any(String),
        code: "validation_failed",
        errors: [{ code: "invalid_type", path: "body.tenantId", message: expect.any(String) }],
      });
      expect(answer.body.errors[0].message).toMatch(/^tenantId: /);
    });

    it("names every failing field at once", async () => {
      const { bedrock } = use();

      const problem = await problemOf(
        bedrock.tenants.create({ name: "", slug: "Not A Slug", maxUsers: -1 }),
      );

      expect(problem.status).toBe(400);
      expect(problem.errors.map((e) => e.path).sort()).toEqual([
        "body.maxUsers",
        "body.name",
        "body.slug",
      ]);
    });

    it.each([
      ["an empty action", { action: "" }, "body.action"],
      ["a colon in the action", { action: "read:all" }, "body.action"],
      ["a colon in the resource type", { resourceType: "crm:customer" }, "body.resourceType"],
      ["a key that is not resourceType:action:pattern", { key: "read-customers" }, "body.key"],
    ])("refuses a permission with %s", async (_, change, path) => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const problem = await problemOf(
        bedrock.permissions.create({
          scopeId: "scope_project_crm",
          action: "archive",
          resourceType: "customer",
          ...change,
        }),
      );

      expect(problem).toMatchObject({ status: 400, code: "validation_failed" });
      expect(problem.errors.map((e) => e.path)).toContain(path);
    });

    it("refuses unknown fields, so a typo never silently does nothing", async () => {
      const { send } = use();

      const answer = await send("POST", "/tenants", {
        body: JSON.stringify({ name: "Acme", slug: "acme", maxUser: 5 }),
      });

      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe("validation_failed");
      expect(JSON.stringify(answer.body.errors)).toContain("maxUser");
    });

    it("refuses a client id with the wrong prefix or characters", async () => {
      const { bedrock } = use();

      const wrongPrefix = await problemOf(
        bedrock.tenants.create({ id: "acme", name: "Acme", slug: "acme" }),
      );
      const upperCase = await problemOf(
        bedrock.tenants.create({ id: "tenant_ACME", name: "Acme", slug: "acme" }),
      );

      expect([wrongPrefix.status, upperCase.status]).toEqual([400, 400]);
      expect(wrongPrefix.errors[0]?.path).toBe("body.id");
    });

    it("answers malformed JSON with invalid_json", async () => {
      const { send } = use();

      const answer = await send("POST", "/tenants", { body: '{"name": "Acme",' });

      expect(answer).toMatchObject({
        status: 400,
        contentType: "application/problem+json; charset=utf-8",
        body: { code: "invalid_json", status: 400 },
      });
    });

    it("reads a body as JSON whatever its content type, as the guide's curl sends it", async () => {
      const { send } = use();

      const answer = await send("POST", "/tenants", {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: JSON.stringify({ name: "Acme Corp", slug: "acme-corp" }),
      });

      expect(answer.status).toBe(201);
      expect(answer.body.slug).toBe("acme-corp");
    });

    it("refuses a bad query parameter", async () => {
      const { send } = use();

      const answer = await send("GET", "/tenants?limit=0");

      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].path).toBe("query.limit");
    });

    it("refuses an evaluate request with an empty action instead of reading it as any", async () => {
      const { bedrock } = use();

      const problem = await problemOf(
        bedrock.evaluate({
          actor: { subjectId: "subject_a", subjectType: "user" },
          scopeId: "scope_project_crm",
          action: "",
          resource: { resourceType: "customer" },
        }),
      );

      expect(problem).toMatchObject({ status: 400, code: "validation_failed" });
    });
  });
}
