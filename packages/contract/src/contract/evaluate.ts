import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { agent, check, seedGuide, user } from "./guide-model.js";

const byId = (id: string) => ({ params: { path: { id } } });

/** Evaluate answers with a stable reason, fails closed and explains itself. */
export function evaluateContract(use: () => ContractContext): void {
  describe("evaluate", () => {
    it.each([
      ["subject_not_found", check({ actor: user("subject_nobody") })],
      ["subject_type_mismatch", check({ actor: agent("subject_acme_user") })],
      ["scope_not_found", check({ scopeId: "scope_project_nowhere" })],
      ["no_membership", check({ scopeId: "scope_project_globex_crm" })],
      ["no_matching_permission", check({ actor: agent("subject_acme_agent"), action: "write" })],
      ["disabled_by_override", check({ scopeId: "scope_env_production", action: "delete" })],
      [
        "actor_denied",
        check({
          actor: agent("subject_acme_agent"),
          onBehalfOf: user("subject_sales_rep"),
          action: "write",
        }),
      ],
      [
        "on_behalf_of_denied",
        check({ actor: agent("subject_acme_agent"), onBehalfOf: user("subject_nobody") }),
      ],
    ])("denies with %s", async (reason, request) => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const decision = await bedrock.evaluate(request);

      expect(decision).toMatchObject({ allowed: false, decision: "DENIED", reason });
      expect(decision.matched).toBeUndefined();
    });

    it("denies with subject_inactive once the subject is disabled", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      await bedrock.raw.PATCH("/subjects/{id}", {
        ...byId("subject_acme_user"),
        body: { status: "disabled" },
      });

      expect((await bedrock.evaluate(check())).reason).toBe("subject_inactive");
    });

    it("denies with tenant_inactive once the tenant is suspended", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      await bedrock.tenants.update("tenant_acme", { status: "suspended" });

      expect((await bedrock.evaluate(check())).reason).toBe("tenant_inactive");
    });

    it("names the membership, role and permission that allowed a request", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const decision = await bedrock.evaluate(check());

      expect(decision).toMatchObject({
        allowed: true,
        decision: "ALLOWED",
        reason: "allowed",
        matched: {
          membershipId: "membership_acme_user_crm",
          roleId: "role_sales_rep",
          permissionId: "perm_read",
          permissionKey: "customer:read:*",
        },
      });
      expect(decision.revision).toBeGreaterThan(0);
    });

    it("carries both sub-decisions of a delegated request", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const decision = await bedrock.evaluate(
        check({ actor: agent("subject_acme_agent"), onBehalfOf: user("subject_nobody") }),
      );

      expect(decision.actor).toMatchObject({ subjectId: "subject_acme_agent", allowed: true });
      expect(decision.onBehalfOf).toMatchObject({
        subjectId: "subject_nobody",
        allowed: false,
        reason: "subject_not_found",
      });
    });

    it("explains every step when asked", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const plain = await bedrock.evaluate(check());
      const explained = await bedrock.evaluate(check({ explain: true }));

      expect(plain.trace).toBeUndefined();
      expect(explained.trace?.length).toBeGreaterThan(0);
      expect(explained.trace?.at(-1)).toMatchObject({ step: "result", outcome: "pass" });
    });

    it.each([
      ["vip-1", "ALLOWED"],
      ["regular-1", "DENIED"],
      [undefined, "DENIED"],
    ])("matches resource %s against the pattern vip-* as %s", async (resourceId, expected) => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const vip = await bedrock.permissions.create({
        scopeId: "scope_project_crm",
        action: "call",
        resourceType: "customer",
        resourcePattern: "vip-*",
      });
      await bedrock.roles.grant("role_sales_rep", [vip.id]);

      const decision = await bedrock.evaluate(
        check({ action: "call", resource: { resourceType: "customer", resourceId } }),
      );

      expect(decision.decision).toBe(expected);
    });

    it("answers any access of an action for resourceType *", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const decisions = await bedrock.evaluateBatch([
        check({ action: "export", resource: { resourceType: "*" } }),
        check({ action: "archive", resource: { resourceType: "*" } }),
      ]);

      expect(decisions.map((d) => d.decision)).toEqual(["ALLOWED", "DENIED"]);
    });

    it("answers with the revision of a write once it asks for it", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);
      const tenant = await bedrock.tenants.update("tenant_acme", { planKey: "team" });

      const decision = await bedrock.evaluate(check({ minRevision: tenant.revision }));

      expect(decision.revision).toBeGreaterThanOrEqual(tenant.revision);
    });

    it("refuses a revision the tenant has not reached with 409", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const answer = await bedrock.raw.POST("/evaluate", {
        body: check({ minRevision: Number.MAX_SAFE_INTEGER }),
      });

      expect(answer.response.status).toBe(409);
      expect(answer.error).toMatchObject({ code: "revision_not_reached" });
    });
  });
}
