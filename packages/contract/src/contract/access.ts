import { describe, expect, it } from "vitest";
import type { ContractContext } from "../contract-context.js";
import { ok, problemOf } from "./answers.js";
import { check, seedGuide } from "./guide-model.js";

const byId = (id: string) => ({ params: { path: { id } } });

/** Tokens, API keys, the audit trail, idempotent retries and the probes. */
export function accessContract(use: () => ContractContext): void {
  describe("who may call", () => {
    it("answers 401 without a token or with a wrong one", async () => {
      const { send } = use();

      const none = await send("GET", "/tenants", { token: null });
      const wrong = await send("GET", "/tenants", { token: "not-the-token" });

      expect(none.status).toBe(401);
      expect(wrong.body).toMatchObject({ status: 401, code: "unauthorized" });
      expect(JSON.stringify(wrong.body)).not.toContain("not-the-token");
    });

    it("answers the probes without a token", async () => {
      const { send } = use();

      const health = await send("GET", "/healthz", { token: null });
      const ready = await send("GET", "/readyz", { token: null });

      expect([health.body, ready.body]).toEqual([{ status: "ok" }, { status: "ok" }]);
    });

    it("shows a new API key's token once, and lists the key without it", async () => {
      const { bedrock } = use();
      await seedGuide(bedrock);

      const created = await ok(
        bedrock.raw.POST("/api-keys", {
          body: { name: "Acme backend", tenantId: "tenant_acme", permissions: ["evaluate"] },
        }),
      );
      const got = await ok(bedrock.raw.GET("/api-keys/{id}", byId(created.id)));
      const listed = await ok(
        bedrock.raw.GET("/api-keys", { params: { query: { tenantId: "tenant_acme" } } }),
      );

      expect(created.token).toMatch(/^bdr_/);
      expect(got).not.toHaveProperty("token");
      expect(got).not.toHaveProperty("tokenHash");
      expect(listed.data.map((k) => k.id)).toEqual([created.id]);
    });

    it("keeps a tenant-bound key inside its tenant", async () => {
      const { bedrock, as } = use();
      await seedGuide(bedrock);
      const key = await ok(
        bedrock.raw.POST("/api-keys", {
          body: {
            name: "Acme admin",
            tenantId: "tenant_acme",
            permissions: ["manage", "evaluate"],
          },
        }),
      );
      const acme = as(key.token);

      const own = await acme.tenants.get("tenant_acme");
      const other = await problemOf(acme.tenants.get("tenant_globex"));
      const outside = await acme.evaluate(check({ scopeId: "scope_project_globex_crm" }));

      expect(own.id).toBe("tenant_acme");
      expect(other).toMatchObject({ status: 404, code: "not_found" });
      expect(outside.reason).toBe("scope_not_found");
    });

    it("refuses a key without the manage right any write, with 403", async () => {
      const { bedrock, as } = use();
      await seedGuide(bedrock);
      const key = await ok(
        bedrock.raw.POST("/api-keys", { body: { name: "checks", permissions: ["evaluate"] } }),
      );

      const decision = await as(key.token).evaluate(check());
      const write = await problemOf(as(key.token).tenants.create({ name: "X", slug: "x" }));

      expect(decision.decision).toBe("ALLOWED");
      expect(write).toMatchObject({ status: 403, code: "forbidden" });
    });

    it("stops a revoked key at once", async () => {
      const { bedrock, as } = use();
      const key = await ok(
        bedrock.raw.POST("/api-keys", { body: { name: "short-lived", permissions: ["manage"] } }),
      );

      const revoked = await ok(bedrock.raw.DELETE("/api-keys/{id}", byId(key.id)));
      const attempt = await problemOf(as(key.token).tenants.list());

      expect(revoked.revokedAt).not.toBeNull();
      expect(attempt.status).toBe(401);
    });

    it("records every write as an audit event, without secrets", async () => {
      const { bedrock } = use();
      await bedrock.tenants.create({ id: "tenant_acme", name: "Acme", slug: "acme" });
      await bedrock.tenants.update("tenant_acme", { name: "Acme Corp" });
      const key = await ok(
        bedrock.raw.POST("/api-keys", { body: { name: "k", permissions: ["manage"] } }),
      );

      const page = await ok(
        bedrock.raw.GET("/audit-events", { params: { query: { targetId: "tenant_acme" } } }),
      );
      const update = page.data.find((event) => event.operation === "updateTenant");
      const got = await ok(bedrock.raw.GET("/audit-events/{id}", byId(update?.id ?? "")));
      const keys = await ok(
        bedrock.raw.GET("/audit-events", { params: { query: { targetType: "apiKeys" } } }),
      );

      expect(page.data.map((event) => event.operation)).toEqual(["createTenant", "updateTenant"]);
      expect(got).toMatchObject({
        tenantId: "tenant_acme",
        targetType: "tenants",
        before: { name: "Acme" },
        after: { name: "Acme Corp" },
      });
      expect(keys.data).toHaveLength(1);
      expect(JSON.stringify(keys.data)).not.toContain(key.token);
      expect(JSON.stringify(keys.data)).not.toContain("tokenHash");
    });

    it("answers a retried POST with the same Idempotency-Key with the first answer", async () => {
      const { send } = use();
      const body = JSON.stringify({ name: "Acme", slug: "acme" });
      const headers = { "idempotency-key": "create-acme-1" };

      const first = await send("POST", "/tenants", { body, headers });
      const retry = await send("POST", "/tenants", { body, headers });
      const other = await send("POST", "/tenants", {
        body: JSON.stringify({ name: "Other", slug: "other" }),
        headers,
      });

      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.body.id).toBe(first.body.id);
      expect(other.body).toMatchObject({ status: 409, code: "idempotency_key_reused" });
    });
  });
}
