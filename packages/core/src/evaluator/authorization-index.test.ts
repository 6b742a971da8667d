import { describe, expect, it } from "vitest";
import { builtAt, defaultNowMs, ModelBuilder } from "../../test/model-builder.js";
import type { Grant } from "../model/entities.js";
import { ChangeSet } from "../store/change-set.js";
import { MemoryStore } from "../store/memory-store.js";
import type { StoreWriter } from "../store/store.js";
import { AuthorizationIndex } from "./authorization-index.js";
import type { EvaluateRequest } from "./decision.js";

const crm = "scope_project_crm";
const production = "scope_env_production";
const globexCrm = "scope_project_globex_crm";

/** Acme's CRM project where Ann may read, and Globex's where Gus may read. */
function twoTenants(): ModelBuilder {
  const model = new ModelBuilder();
  model.tenant("tenant_acme", { revision: 4 });
  model.workspace("workspace_main", "scope_tenant_acme");
  model.project("project_crm", "scope_workspace_main");
  model.environment("env_production", crm);
  model.permission("perm_read", crm, { action: "read", resourceType: "customer" });
  model.permission("perm_write", crm, { action: "write", resourceType: "customer" });
  model.role("role_viewer", crm);
  model.grant("role_viewer", "perm_read");
  model.subject("subject_ann");
  model.membership("membership_ann_crm", "subject_ann", crm);
  model.assign("role_viewer", "membership_ann_crm");

  model.tenant("tenant_globex", { revision: 9 });
  model.workspace("workspace_globex", "scope_tenant_globex");
  model.project("project_globex_crm", "scope_workspace_globex");
  model.permission("perm_globex_read", globexCrm, { action: "read", resourceType: "customer" });
  model.role("role_globex_viewer", globexCrm);
  model.grant("role_globex_viewer", "perm_globex_read");
  model.subject("subject_gus");
  model.membership("membership_gus_crm", "subject_gus", globexCrm);
  model.assign("role_globex_viewer", "membership_gus_crm");
  return model;
}

async function seededIndex() {
  const store = new MemoryStore();
  await store.transaction((tx) => twoTenants().insertInto(tx));
  const index = new AuthorizationIndex(store, () => defaultNowMs);
  await index.init();
  return { store, index };
}

/** Runs a write and gathers its changes the way the operations do. */
async function write(
  store: MemoryStore,
  work: (tx: StoreWriter, changes: ChangeSet) => Promise<void>,
): Promise<ChangeSet> {
  const changes = new ChangeSet();
  await store.transaction((tx) => work(tx, changes));
  return changes;
}

function ask(subjectId: string, scopeId: string, action = "read"): EvaluateRequest {
  return {
    actor: { subjectId, subjectType: "user" },
    scopeId,
    action,
    resource: { resourceType: "customer" },
  };
}

const writeGrant: Grant = {
  id: "grant_viewer_write",
  tenantId: "tenant_acme",
  roleId: "role_viewer",
  permissionId: "perm_write",
  createdAt: builtAt,
  updatedAt: builtAt,
};

describe("AuthorizationIndex", () => {
  it("allows from the store's records after init", async () => {
    const { index } = await seededIndex();

    const decision = await index.evaluate(ask("subject_ann", production));

    expect(decision).toMatchObject({
      allowed: true,
      reason: "allowed",
      matched: { membershipId: "membership_ann_crm", permissionId: "perm_read" },
      revision: 4,
    });
  });

  it("denies no_matching_permission when the grant is not there yet", async () => {
    const { index } = await seededIndex();

    const decision = await index.evaluate(ask("subject_ann", crm, "write"));

    expect(decision.reason).toBe("no_matching_permission");
  });

  it("allows on the very next evaluate when an inserted grant is applied", async () => {
    const { store, index } = await seededIndex();
    const changes = await write(store, async (tx, changeSet) => {
      await tx.insert("grants", writeGrant);
      changeSet.record({ table: "grants", before: undefined, after: writeGrant });
    });

    index.apply(changes);
    const decision = await index.evaluate(ask("subject_ann", crm, "write"));

    expect(decision).toMatchObject({
      allowed: true,
      matched: { roleId: "role_viewer", permissionId: "perm_write" },
    });
  });

  it("denies from its compiled model when a committed write is not applied", async () => {
    const { store, index } = await seededIndex();
    await index.evaluate(ask("subject_ann", crm, "write"));
    await store.transaction((tx) => tx.insert("grants", writeGrant));

    const decision = await index.evaluate(ask("subject_ann", crm, "write"));

    expect(decision.reason).toBe("no_matching_permission");
  });

  it("denies subject_inactive when an applied update disables the subject", async () => {
    const { store, index } = await seededIndex();
    const changes = await write(store, async (tx, changeSet) => {
      const before = await tx.get("subjects", "subject_ann");
      if (before === undefined) throw new Error("seed lost subject_ann");
      const after = { ...before, status: "disabled" as const };
      await tx.update("subjects", "subject_ann", { status: "disabled" });
      changeSet.record({ table: "subjects", before, after });
    });

    index.apply(changes);
    const decision = await index.evaluate(ask("subject_ann", crm));

    expect(decision.reason).toBe("subject_inactive");
  });

  it("denies scope_not_found when a tenant-bound caller asks about another tenant's scope", async () => {
    const { index } = await seededIndex();

    const decision = await index.evaluate(ask("subject_gus", globexCrm), {
      tenantId: "tenant_acme",
    });

    expect(decision).toEqual({
      allowed: false,
      decision: "DENIED",
      reason: "scope_not_found",
      revision: 0,
    });
  });

  it("allows a tenant-bound caller to evaluate inside its own tenant", async () => {
    const { index } = await seededIndex();

    const decision = await index.evaluate(ask("subject_gus", globexCrm), {
      tenantId: "tenant_globex",
    });

    expect(decision).toMatchObject({ allowed: true, revision: 9 });
  });

  it("denies scope_not_found for each foreign scope in a tenant-bound batch", async () => {
    const { index } = await seededIndex();

    const decisions = await index.evaluateMany(
      [ask("subject_ann", crm), ask("subject_gus", globexCrm)],
      { tenantId: "tenant_globex" },
    );

    expect(decisions.map((decision) => decision.reason)).toEqual(["scope_not_found", "allowed"]);
  });

  it("denies scope_not_found when an applied delete removes the scope row", async () => {
    const { store, index } = await seededIndex();
    const changes = await write(store, async (tx, changeSet) => {
      const before = await tx.get("scopes", production);
      if (before === undefined) throw new Error("seed lost the production scope");
      await tx.delete("scopes", production);
      changeSet.record({ table: "scopes", before, after: undefined });
    });

    index.apply(changes);
    const atProduction = await index.evaluate(ask("subject_ann", production));
    const atProject = await index.evaluate(ask("subject_ann", crm));

    expect(atProduction).toMatchObject({ reason: "scope_not_found", revision: 0 });
    expect(atProject.reason).toBe("allowed");
  });

  it("allows in a scope created and applied after init", async () => {
    const { store, index } = await seededIndex();
    const staging = {
      id: "scope_env_staging",
      tenantId: "tenant_acme",
      kind: "environment" as const,
      entityId: "env_staging",
      parentScopeId: crm,
      createdAt: builtAt,
      updatedAt: builtAt,
    };
    const changes = await write(store, async (tx, changeSet) => {
      await tx.insert("scopes", staging);
      changeSet.record({ table: "scopes", before: undefined, after: staging });
    });

    index.apply(changes);
    const decision = await index.evaluate(ask("subject_ann", staging.id));

    expect(decision.reason).toBe("allowed");
  });
});
