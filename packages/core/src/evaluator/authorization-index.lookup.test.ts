import { describe, expect, it } from "vitest";
import { scopes as at, lookupModel } from "../../test/lookup-model.js";
import { defaultNowMs } from "../../test/model-builder.js";
import { MemoryStore } from "../store/memory-store.js";
import { AuthorizationIndex, type Visibility } from "./authorization-index.js";

async function seededIndex() {
  const store = new MemoryStore();
  await store.transaction((tx) => lookupModel().insertInto(tx));
  const index = new AuthorizationIndex(store, () => defaultNowMs);
  await index.init();
  return index;
}

const acmeKey: Visibility = { tenantId: "tenant_acme" };
const globexKey: Visibility = { tenantId: "tenant_globex" };
const nothing = { data: [], nextCursor: null, revision: 0 };

const projectsOf = (subjectId: string, tenantId = "tenant_acme") => ({
  subject: { subjectId, subjectType: "user" as const },
  tenantId,
  kind: "project" as const,
  action: "read",
  resourceType: "customer",
});

const readersAt = (scopeId: string) => ({ scopeId, action: "read", resourceType: "customer" });

describe("AuthorizationIndex lookups", () => {
  it("lists scopes with the tenant's revision", async () => {
    const index = await seededIndex();

    const page = await index.lookupScopes(projectsOf("subject_bob"), acmeKey);

    expect(page.data.map((match) => match.scopeId)).toEqual([at.billing, at.crm]);
    expect(page.revision).toBe(7);
  });

  it("lists nothing, at revision 0, in a tenant the caller cannot see", async () => {
    const index = await seededIndex();

    const page = await index.lookupScopes(projectsOf("subject_gus", "tenant_globex"), acmeKey);

    expect(page).toEqual(nothing);
  });

  it("lists nothing, at revision 0, in a tenant that does not exist", async () => {
    const index = await seededIndex();

    const page = await index.lookupScopes(projectsOf("subject_bob", "tenant_nowhere"));

    expect(page).toEqual(nothing);
  });

  it("lists subjects at a scope with the tenant's revision", async () => {
    const index = await seededIndex();

    const page = await index.lookupSubjects(readersAt(at.crm), acmeKey);

    expect(page.data.map((match) => match.subjectId)).toEqual(["subject_ann", "subject_bob"]);
    expect(page.revision).toBe(7);
  });

  it("lists no subjects, at revision 0, at a scope of another tenant", async () => {
    const index = await seededIndex();

    const page = await index.lookupSubjects(readersAt(at.crm), globexKey);

    expect(page).toEqual(nothing);
  });

  it("answers a subject's permissions to a key of its tenant", async () => {
    const index = await seededIndex();

    const page = await index.effectivePermissions(
      { subjectId: "subject_ann", scopeId: at.crm },
      acmeKey,
    );

    expect(page.data.map((permission) => permission.id)).toEqual(["perm_read"]);
    expect(page.revision).toBe(7);
  });

  it.each([
    ["an unknown subject", "subject_nobody", at.crm, acmeKey, "subject subject_nobody"],
    ["an unknown scope", "subject_ann", "scope_project_nowhere", acmeKey, "scope scope_project"],
    ["another tenant's scope", "subject_ann", at.globexCrm, acmeKey, "scope scope_project"],
    ["another tenant's member", "subject_gus", at.crm, acmeKey, "subject subject_gus"],
    ["another tenant's agent", "subject_globex_bot", at.crm, acmeKey, "subject subject_globex"],
    [
      "a member of the caller's tenant elsewhere",
      "subject_ann",
      at.globexCrm,
      globexKey,
      "subject",
    ],
  ])("refuses permissions of %s with 404", async (_case, subjectId, scopeId, key, detail) => {
    const index = await seededIndex();

    const attempt = index.effectivePermissions({ subjectId, scopeId }, key);

    await expect(attempt).rejects.toMatchObject({
      code: "not_found",
      detail: expect.stringContaining(detail),
    });
  });
});
