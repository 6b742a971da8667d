import { describe, expect, it } from "vitest";
import { scopes as at, lookupModel } from "../../test/lookup-model.js";
import type { ModelBuilder } from "../../test/model-builder.js";
import { decodeLookupCursor } from "./lookup-page.js";
import { lookupScopes, type ScopeLookup } from "./scope-lookup.js";

function lookup(model: ModelBuilder, ask: Partial<ScopeLookup> & { subjectId?: string }) {
  const context = model.context();
  const index = context.tenantOfScope(at.acme);
  if (index === undefined) throw new Error("lookup model lost tenant_acme");
  const { subjectId = "subject_ann", ...rest } = ask;
  return lookupScopes(index, context, {
    subject: { subjectId, subjectType: "user" },
    tenantId: "tenant_acme",
    kind: "project",
    action: "read",
    resourceType: "customer",
    ...rest,
  });
}

interface Row {
  name: string;
  ask: Partial<ScopeLookup> & { subjectId?: string };
  arrange?: (model: ModelBuilder) => void;
  scopeIds: string[];
}

const rows: Row[] = [
  { name: "lists the project of a project membership", ask: {}, scopeIds: [at.crm] },
  {
    name: "lists a project's environments, where its membership applies",
    ask: { kind: "environment" },
    scopeIds: [at.production, at.staging],
  },
  {
    name: "lists nothing above a membership, which applies downward only",
    ask: { kind: "workspace" },
    scopeIds: [],
  },
  {
    name: "lists every project under a workspace membership",
    ask: { subjectId: "subject_bob" },
    scopeIds: [at.billing, at.crm],
  },
  {
    name: "leaves out the environment whose override disables the grant",
    ask: { subjectId: "subject_bob", kind: "environment", action: "delete" },
    scopeIds: [at.billingProd, at.staging],
  },
  {
    name: "lists the environment where a role-permission override enables it again",
    ask: { subjectId: "subject_cy", kind: "environment", action: "delete" },
    scopeIds: [at.production],
  },
  {
    name: "lists nothing through an expired assignment",
    ask: { subjectId: "subject_cy" },
    scopeIds: [],
  },
  { name: "lists nothing for a disabled subject", ask: { subjectId: "subject_dee" }, scopeIds: [] },
  {
    name: "lists nothing when the subject type is not the subject's",
    ask: { subject: { subjectId: "subject_bot", subjectType: "user" }, kind: "environment" },
    scopeIds: [],
  },
  {
    name: "lists an agent's scopes when asked with its own type",
    ask: { subject: { subjectId: "subject_bot", subjectType: "agent" }, kind: "environment" },
    scopeIds: [at.staging],
  },
  {
    name: "lists where a resource id matches the permission's pattern",
    ask: {
      subjectId: "subject_cy",
      kind: "environment",
      resourceType: "invoice",
      resourceId: "inv_eu",
    },
    scopeIds: [at.production],
  },
  {
    name: "lists nothing where the resource id does not match the pattern",
    ask: {
      subjectId: "subject_cy",
      kind: "environment",
      resourceType: "invoice",
      resourceId: "inv_us",
    },
    scopeIds: [],
  },
  {
    name: "lists nothing for a member of another tenant only",
    ask: { subjectId: "subject_gus" },
    scopeIds: [],
  },
  {
    name: "lists nothing when the tenant is suspended",
    arrange: (model) => {
      model.snapshotOf("tenant_acme").tenant.status = "suspended";
    },
    ask: {},
    scopeIds: [],
  },
];

describe("lookupScopes", () => {
  it.each(rows)("$name", ({ ask, arrange, scopeIds }) => {
    const model = lookupModel();
    arrange?.(model);

    const page = lookup(model, ask);

    expect(page.data.map((match) => match.scopeId)).toEqual(scopeIds);
    expect(page.nextCursor).toBeNull();
  });

  it("describes each scope with the grant that allows it there", () => {
    const page = lookup(lookupModel(), {
      subjectId: "subject_cy",
      kind: "environment",
      action: "delete",
    });

    expect(page.data).toEqual([
      {
        scopeId: at.production,
        kind: "environment",
        entityId: "env_production",
        parentScopeId: at.crm,
        matched: {
          membershipId: "membership_cy_prod",
          roleId: "role_admin",
          permissionId: "perm_delete",
          permissionKey: "customer:delete:*",
        },
      },
    ]);
  });

  it("pages in id order with a cursor, and ends with a null cursor", () => {
    const model = lookupModel();
    const ask = { subjectId: "subject_bob", kind: "environment" as const };

    const first = lookup(model, { ...ask, limit: 2 });
    const after = decodeLookupCursor(first.nextCursor ?? "", "cursor");
    const second = lookup(model, { ...ask, limit: 2, after });

    expect(first.data.map((m) => m.scopeId)).toEqual([at.billingProd, at.production]);
    expect(after).toBe(at.production);
    expect(second.data.map((m) => m.scopeId)).toEqual([at.staging]);
    expect(second.nextCursor).toBeNull();
  });

  it("ends with a null cursor when the last allowed scope fills the page exactly", () => {
    const page = lookup(lookupModel(), { subjectId: "subject_bob", kind: "environment", limit: 3 });

    expect(page.data).toHaveLength(3);
    expect(page.nextCursor).toBeNull();
  });

  it("skips denied scopes between pages rather than answering a short page with a cursor", () => {
    const model = lookupModel();
    const ask = { subjectId: "subject_bob", kind: "environment" as const, action: "delete" };

    const first = lookup(model, { ...ask, limit: 1 });
    const after = decodeLookupCursor(first.nextCursor ?? "", "cursor");
    const second = lookup(model, { ...ask, limit: 1, after });

    expect(first.data.map((m) => m.scopeId)).toEqual([at.billingProd]);
    expect(second.data.map((m) => m.scopeId)).toEqual([at.staging]);
    expect(second.nextCursor).toBeNull();
  });
});
