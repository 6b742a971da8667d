import { describe, expect, it, vi } from "vitest";
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

function annAsTemplate<T>(row: T | undefined): T {
  if (row === undefined) throw new Error("the model has no subject_ann");
  return row;
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

    const decision = await index.evaluate(ask("subject_ann", globexCrm), {
      tenantId: "tenant_acme",
    });

    expect(decision).toEqual({
      allowed: false,
      decision: "DENIED",
      reason: "scope_not_found",
      revision: 0,
    });
  });

  it("denies subject_not_found when a tenant-bound caller names another tenant's member", async () => {
    const { index } = await seededIndex();

    const decisions = await index.evaluateMany(
      [ask("subject_gus", crm), ask("subject_gus", globexCrm), ask("subject_ghost", crm)],
      { tenantId: "tenant_acme" },
    );

    expect(decisions.map((decision) => decision.reason)).toEqual([
      "subject_not_found",
      "subject_not_found",
      "subject_not_found",
    ]);
  });

  it("allows a tenant-bound caller to evaluate inside its own tenant", async () => {
    const { index } = await seededIndex();

    const decision = await index.evaluate(ask("subject_gus", globexCrm), {
      tenantId: "tenant_globex",
    });

    expect(decision).toMatchObject({ allowed: true, revision: 9 });
  });

  it("denies each foreign check in a tenant-bound batch without naming what it found", async () => {
    const { index } = await seededIndex();

    const decisions = await index.evaluateMany(
      [ask("subject_ann", crm), ask("subject_gus", globexCrm)],
      { tenantId: "tenant_globex" },
    );

    // Ann has no home and no Globex membership: to a Globex key she does not exist.
    expect(decisions.map((decision) => decision.reason)).toEqual(["subject_not_found", "allowed"]);
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

describe("AuthorizationIndex reset", () => {
  it("keeps answering from the old directory until the new one is read", async () => {
    const { store, index } = await seededIndex();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const read = store.read.bind(store);
    vi.spyOn(store, "read").mockImplementationOnce(async (work) => {
      await gate;
      return read(work);
    });

    const resetting = index.reset();
    const during = await index.evaluate(ask("subject_ann", crm));
    release();
    await resetting;

    expect(during.allowed).toBe(true);
    expect((await index.evaluate(ask("subject_ann", crm))).allowed).toBe(true);
  });
});

describe("AuthorizationIndex subject visibility", () => {
  async function withAgents() {
    const model = twoTenants();
    model.subject("subject_globex_bot", { subjectType: "agent", tenantId: "tenant_globex" });
    model.subject("subject_acme_bot", { subjectType: "agent", tenantId: "tenant_acme" });
    const store = new MemoryStore();
    await store.transaction((tx) => model.insertInto(tx));
    const index = new AuthorizationIndex(store, () => defaultNowMs);
    await index.init();
    return index;
  }

  const botAt = (subjectId: string, scopeId: string): EvaluateRequest => ({
    actor: { subjectId, subjectType: "agent" },
    scopeId,
    action: "read",
    resource: { resourceType: "customer" },
  });

  it("denies subject_not_found, as for no subject at all, when the agent's home is another tenant", async () => {
    const index = await withAgents();

    const foreign = await index.evaluate(botAt("subject_globex_bot", crm), {
      tenantId: "tenant_acme",
    });
    const missing = await index.evaluate(botAt("subject_nobody", crm), { tenantId: "tenant_acme" });

    expect(foreign).toEqual(missing);
    expect(foreign).toEqual({
      allowed: false,
      decision: "DENIED",
      reason: "subject_not_found",
      revision: 4,
    });
  });

  it("denies no_membership when the agent's home is the caller's tenant", async () => {
    const index = await withAgents();

    const decision = await index.evaluate(botAt("subject_acme_bot", crm), {
      tenantId: "tenant_acme",
    });

    expect(decision.reason).toBe("no_membership");
  });

  it("denies no_membership to a platform caller, who sees every subject", async () => {
    const index = await withAgents();

    const decision = await index.evaluate(botAt("subject_globex_bot", crm));

    expect(decision.reason).toBe("no_membership");
  });
});

describe("AuthorizationIndex minRevision", () => {
  const at = (minRevision: number, scopeId = crm, subjectId = "subject_ann") => ({
    ...ask(subjectId, scopeId),
    minRevision,
  });

  it("allows from the compiled model when its revision has been reached", async () => {
    const { index } = await seededIndex();

    const decision = await index.evaluate(at(4));

    expect(decision).toMatchObject({ allowed: true, revision: 4 });
  });

  it("reloads the tenant once when a write reached the store from elsewhere", async () => {
    const { store, index } = await seededIndex();
    await index.evaluate(ask("subject_ann", crm));
    await store.transaction(async (tx) => {
      await tx.insert("grants", writeGrant);
      await tx.update("tenants", "tenant_acme", { revision: 5 });
    });
    const reads = vi.spyOn(store, "read");

    const decision = await index.evaluate({ ...at(5), action: "write" });

    expect(decision).toMatchObject({ allowed: true, revision: 5 });
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("refuses with 409 revision_not_reached when the store is behind as well", async () => {
    const { store, index } = await seededIndex();
    await index.evaluate(ask("subject_ann", crm));
    const reads = vi.spyOn(store, "read");

    const attempt = index.evaluate(at(5));

    await expect(attempt).rejects.toMatchObject({ code: "revision_not_reached", status: 409 });
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("refuses a whole batch when one check's tenant is behind", async () => {
    const { index } = await seededIndex();

    const attempt = index.evaluateMany([at(4), at(9, globexCrm, "subject_gus"), at(10, globexCrm)]);

    await expect(attempt).rejects.toMatchObject({ code: "revision_not_reached" });
  });

  it("denies scope_not_found without comparing revisions for a scope the caller cannot see", async () => {
    const { index } = await seededIndex();

    const decision = await index.evaluate(at(99, globexCrm), { tenantId: "tenant_acme" });

    expect(decision).toMatchObject({ reason: "scope_not_found", revision: 0 });
  });

  it("learns a scope and a subject written through another replica when asked for a revision", async () => {
    const { store, index } = await seededIndex();
    await index.evaluate(ask("subject_ann", crm));
    await store.transaction(async (tx) => {
      await tx.insert("subjects", {
        ...annAsTemplate(await tx.get("subjects", "subject_ann")),
        id: "subject_new",
      });
      await tx.insert("memberships", {
        id: "membership_new_crm",
        subjectId: "subject_new",
        scopeId: crm,
        tenantId: "tenant_acme",
        createdAt: builtAt,
        updatedAt: builtAt,
      });
      await tx.insert("roleAssignments", {
        id: "ra_new",
        tenantId: "tenant_acme",
        roleId: "role_viewer",
        membershipId: "membership_new_crm",
        expiresAt: null,
        createdAt: builtAt,
        updatedAt: builtAt,
      });
      await tx.update("tenants", "tenant_acme", { revision: 5 });
    });

    const eventual = await index.evaluate(ask("subject_new", crm));
    const fresh = await index.evaluate(at(5, crm, "subject_new"));

    expect(eventual.reason).toBe("subject_not_found");
    expect(fresh).toMatchObject({ allowed: true, revision: 5 });
  });

  it("sees a member disabled through another replica when asked for the revision", async () => {
    const { store, index } = await seededIndex();
    await index.evaluate(ask("subject_ann", crm));
    await store.transaction(async (tx) => {
      await tx.update("subjects", "subject_ann", { status: "disabled" });
      await tx.update("tenants", "tenant_acme", { revision: 5 });
    });

    const decision = await index.evaluate(at(5));

    expect(decision).toMatchObject({ allowed: false, reason: "subject_inactive", revision: 5 });
  });

  it("finds a scope created through another replica for a lookup that asks for the revision", async () => {
    const { store, index } = await seededIndex();
    await index.evaluate(ask("subject_ann", crm));
    await store.transaction(async (tx) => {
      await tx.insert("scopes", {
        id: "scope_env_new",
        tenantId: "tenant_acme",
        kind: "environment",
        entityId: "env_new",
        parentScopeId: crm,
        createdAt: builtAt,
        updatedAt: builtAt,
      });
      await tx.update("tenants", "tenant_acme", { revision: 5 });
    });
    const lookup = { scopeId: "scope_env_new", action: "read", resourceType: "customer" };

    const eventual = await index.lookupSubjects(lookup);
    const fresh = await index.lookupSubjects({ ...lookup, minRevision: 5 });

    expect(eventual.data).toEqual([]);
    expect(fresh.data.map((match) => match.subjectId)).toEqual(["subject_ann"]);
  });

  it("refuses a lookup whose tenant is behind", async () => {
    const { index } = await seededIndex();

    const attempt = index.lookupSubjects({
      scopeId: crm,
      action: "read",
      resourceType: "customer",
      minRevision: 5,
    });

    await expect(attempt).rejects.toMatchObject({ code: "revision_not_reached" });
  });
});
