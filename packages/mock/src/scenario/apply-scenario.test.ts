import { Bedrock, BedrockError, MemoryStore } from "@bedrock/core";
import { describe, expect, it } from "vitest";
import { presets } from "../presets/index.js";
import { applyScenario } from "./apply-scenario.js";
import { defineScenario, type ScenarioBuilder } from "./scenario.js";

async function open(): Promise<Bedrock> {
  return Bedrock.open(new MemoryStore());
}

/** Two tenants, each with a project, a permission and a role, for scenarios to cross. */
function twoTenants(s: ScenarioBuilder) {
  const acme = s.tenant("tenant_acme").workspace("workspace_a").project("project_a");
  const globex = s.tenant("tenant_globex").workspace("workspace_g").project("project_g");
  return {
    acme,
    globex,
    acmeRead: acme.permission("perm_acme_read", "customer:read:*"),
    acmeViewer: acme.role("role_acme_viewer"),
    globexViewer: globex.role("role_globex_viewer"),
    globexProduction: globex.environment("env_globex_production"),
  };
}

describe("applyScenario", () => {
  it("writes the guide's records through the operations", async () => {
    const bedrock = await open();

    await applyScenario(bedrock, presets.guide());

    const counts = await bedrock.read(async (r) => ({
      tenants: await r.count("tenants", {}),
      roles: await r.count("roles", {}),
      grants: await r.count("grants", {}),
      memberships: await r.count("memberships", {}),
      roleAssignments: await r.count("roleAssignments", {}),
      permissionOverrides: await r.count("permissionOverrides", {}),
      rolePermissionOverrides: await r.count("rolePermissionOverrides", {}),
    }));
    expect(counts).toEqual({
      tenants: 2,
      roles: 4,
      grants: 10,
      memberships: 5,
      roleAssignments: 5,
      permissionOverrides: 1,
      rolePermissionOverrides: 1,
    });
  });

  it("records one audited write per step, as the API would", async () => {
    const bedrock = await open();
    const scenario = defineScenario((s) => {
      s.tenant("tenant_acme").workspace("workspace_main");
    });

    await applyScenario(bedrock, scenario);

    const operations = await bedrock.read(async (r) =>
      (await r.find("auditEvents", {})).map((event) => event.operation),
    );
    expect(new Set(operations)).toEqual(new Set(["createTenant", "createWorkspace"]));
    const tenant = await bedrock.read((r) => r.get("tenants", "tenant_acme"));
    const created = (await bedrock.read((r) => r.find("auditEvents", { targetId: "tenant_acme" })))
      .map((event) => event.after as { revision: number })
      .find((after) => after !== null)?.revision;
    // One step created the tenant and bumped it; the next bumped it once more.
    expect(await bedrock.revisionOf("tenant_acme")).toBe((created ?? 0) + 2);
    expect(tenant?.revision).toBe((created ?? 0) + 2);
  });

  it.each<[string, (s: ScenarioBuilder) => void]>([
    [
      "grants a permission to a role of another tenant",
      (s) => twoTenants(s).globexViewer.grant("perm_acme_read"),
    ],
    [
      "assigns a role through a membership in another tenant",
      (s) => {
        const { globex, acmeViewer } = twoTenants(s);
        s.user("subject_ann").memberOf(globex, { roles: [acmeViewer] });
      },
    ],
    [
      "overrides a permission in another tenant's environment",
      (s) => {
        const { globexProduction, acmeRead } = twoTenants(s);
        globexProduction.disable(acmeRead);
      },
    ],
    [
      "places a tenant's own agent in another tenant",
      (s) => {
        const { globex } = twoTenants(s);
        s.existing.tenant("tenant_acme").agent("subject_bot").memberOf(globex);
      },
    ],
  ])("fails with cross_tenant_reference when a scenario %s", async (_, build) => {
    const bedrock = await open();

    const applying = applyScenario(bedrock, defineScenario(build));

    await expect(applying).rejects.toBeInstanceOf(BedrockError);
    await expect(applying).rejects.toMatchObject({ code: "cross_tenant_reference", status: 422 });
  });

  it("fails with already_exists when an id is taken", async () => {
    const bedrock = await open();
    const scenario = defineScenario((s) => {
      s.tenant("tenant_acme", { slug: "acme" });
      s.tenant("tenant_acme", { slug: "acme-two" });
    });

    const applying = applyScenario(bedrock, scenario);

    await expect(applying).rejects.toMatchObject({ code: "already_exists" });
  });
});
