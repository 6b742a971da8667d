import { createBedrock } from "@bedrock/sdk";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBedrockMock } from "../bedrock-mock.js";
import { presets } from "./index.js";

// The guide's own base URL: its calls run unchanged against the mock.
const mock = createBedrockMock({ baseUrl: "https://api.example.com", scenario: presets.guide() });
const server = setupServer(...mock.handlers);
const bedrock = createBedrock({ baseUrl: mock.baseUrl, token: mock.token });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

// Pasted from the guide, unchanged but for formatting.
async function canAccessProject(subjectId: string, projectScopeId: string) {
  const decision = await bedrock.evaluate({
    actor: { subjectId, subjectType: "user" },
    scopeId: projectScopeId,
    action: "read",
    resource: { resourceType: "*" },
  });
  return decision.allowed;
}

describe("presets.guide", () => {
  it("denies the Acme user in Globex's project, as the guide shows", async () => {
    const decision = await bedrock.evaluate({
      actor: { subjectId: "subject_acme_user", subjectType: "user" },
      scopeId: "scope_project_globex_crm", // Different tenant!
      action: "read",
      resource: { resourceType: "customer" },
    });

    expect(decision.decision).toBe("DENIED");
    expect(decision.reason).toBe("no_membership");
  });

  it("allows the agent reading customers on behalf of the sales rep", async () => {
    const decision = await bedrock.evaluate({
      actor: { subjectId: "subject_acme_agent", subjectType: "agent" },
      onBehalfOf: { subjectId: "subject_sales_rep", subjectType: "user" },
      scopeId: "scope_project_crm",
      action: "read",
      resource: { resourceType: "customer" },
    });

    expect(decision.decision).toBe("ALLOWED");
    expect(decision.actor?.allowed).toBe(true);
    expect(decision.onBehalfOf?.allowed).toBe(true);
  });

  it("denies deleting customers in Production, where delete is disabled", async () => {
    const decision = await bedrock.evaluate({
      actor: { subjectId: "subject_acme_admin", subjectType: "user" },
      scopeId: "scope_env_production",
      action: "delete",
      resource: { resourceType: "customer" },
    });

    expect(decision.decision).toBe("DENIED");
    expect(decision.reason).toBe("disabled_by_override");
  });

  it("still allows deleting customers in Staging", async () => {
    const decision = await bedrock.evaluate({
      actor: { subjectId: "subject_acme_admin", subjectType: "user" },
      scopeId: "scope_env_staging",
      action: "delete",
      resource: { resourceType: "customer" },
    });

    expect(decision.decision).toBe("ALLOWED");
  });

  it.each([
    ["subject_sales_rep", "DENIED"],
    ["subject_acme_admin", "ALLOWED"],
  ])("lets only Admins export in Production: %s is %s", async (subjectId, expected) => {
    const decision = await bedrock.evaluate({
      actor: { subjectId, subjectType: "user" },
      scopeId: "scope_env_production",
      action: "export",
      resource: { resourceType: "report" },
    });

    expect(decision.decision).toBe(expected);
  });

  it("answers canAccessProject as the guide says", async () => {
    const own = await canAccessProject("subject_acme_user", "scope_project_crm");
    const other = await canAccessProject("subject_acme_user", "scope_project_globex_crm");

    expect({ own, other }).toEqual({ own: true, other: false });
  });

  it("lists the user's projects within their tenant, as getUserProjects does", async () => {
    const memberships = await bedrock.memberships.list({ subjectId: "subject_acme_user" });

    const projects = memberships.data
      .filter((m) => m.scopeId.startsWith("scope_project_") && m.tenantId === "tenant_acme")
      .map((m) => m.scopeId);

    expect(projects).toEqual(["scope_project_crm"]);
  });

  it("keeps Globex's user inside Globex", async () => {
    const checks = await bedrock.evaluateBatch(
      ["scope_project_globex_crm", "scope_project_crm"].map((scopeId) => ({
        actor: { subjectId: "subject_globex_user", subjectType: "user" as const },
        scopeId,
        action: "read",
        resource: { resourceType: "customer" },
      })),
    );

    expect(checks.map((d) => d.decision)).toEqual(["ALLOWED", "DENIED"]);
  });

  it("creates the guide's records with the guide's ids", async () => {
    const [crm, production, membership] = await Promise.all([
      bedrock.raw.GET("/projects/{id}", { params: { path: { id: "project_crm" } } }),
      bedrock.raw.GET("/environments/{id}", { params: { path: { id: "env_production" } } }),
      bedrock.raw.GET("/memberships/{id}", { params: { path: { id: "membership_agent_crm" } } }),
    ]);

    expect(crm.data).toMatchObject({ tenantId: "tenant_acme", scopeId: "scope_project_crm" });
    expect(production.data).toMatchObject({ scopeId: "scope_env_production" });
    expect(membership.data).toMatchObject({
      subjectId: "subject_acme_agent",
      scopeId: "scope_project_crm",
    });
  });
});
