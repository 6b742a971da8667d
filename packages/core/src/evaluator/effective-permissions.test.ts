import { describe, expect, it } from "vitest";
import { scopes as at, lookupModel } from "../../test/lookup-model.js";
import type { ModelBuilder } from "../../test/model-builder.js";
import { effectivePermissions } from "./effective-permissions.js";
import { decodeLookupCursor } from "./lookup-page.js";

function permissionsOf(model: ModelBuilder, subjectId: string, scopeId: string, limit?: number) {
  const context = model.context();
  const index = context.tenantOfScope(at.acme);
  if (index === undefined) throw new Error("lookup model lost tenant_acme");
  return effectivePermissions(index, context, { subjectId, scopeId, limit });
}

interface Row {
  name: string;
  subjectId: string;
  scopeId: string;
  arrange?: (model: ModelBuilder) => void;
  permissionIds: string[];
}

const rows: Row[] = [
  {
    name: "holds a role's permissions below its membership",
    subjectId: "subject_ann",
    scopeId: at.production,
    permissionIds: ["perm_read"],
  },
  {
    name: "loses a permission an override disables at the scope",
    subjectId: "subject_bob",
    scopeId: at.production,
    permissionIds: ["perm_main_read"],
  },
  {
    name: "keeps it in a sibling scope without the override",
    subjectId: "subject_bob",
    scopeId: at.staging,
    permissionIds: ["perm_main_delete", "perm_main_read"],
  },
  {
    name: "keeps a permission a role-permission override enables again",
    subjectId: "subject_cy",
    scopeId: at.production,
    permissionIds: ["perm_delete", "perm_read", "perm_read_eu", "perm_write"],
  },
  {
    name: "holds nothing through an expired assignment",
    subjectId: "subject_cy",
    scopeId: at.crm,
    permissionIds: [],
  },
  {
    name: "holds nothing above the membership",
    subjectId: "subject_ann",
    scopeId: at.main,
    permissionIds: [],
  },
  {
    name: "holds nothing when the subject is disabled",
    subjectId: "subject_dee",
    scopeId: at.crm,
    permissionIds: [],
  },
  {
    name: "holds nothing when the tenant is suspended",
    subjectId: "subject_ann",
    scopeId: at.crm,
    arrange: (model) => {
      model.snapshotOf("tenant_acme").tenant.status = "suspended";
    },
    permissionIds: [],
  },
];

describe("effectivePermissions", () => {
  it.each(rows)("$name", ({ subjectId, scopeId, arrange, permissionIds }) => {
    const model = lookupModel();
    arrange?.(model);

    const page = permissionsOf(model, subjectId, scopeId);

    expect(page.data.map((permission) => permission.id)).toEqual(permissionIds);
    expect(page.nextCursor).toBeNull();
  });

  it("names every role that carries a permission, with its membership", () => {
    const model = lookupModel();
    model.assign("role_viewer", "membership_cy_prod");

    const page = permissionsOf(model, "subject_cy", at.production);

    expect(page.data.find((permission) => permission.id === "perm_read")).toEqual({
      id: "perm_read",
      tenantId: "tenant_acme",
      scopeId: at.crm,
      action: "read",
      resourceType: "customer",
      resourcePattern: "*",
      key: "customer:read:*",
      roles: [
        { roleId: "role_admin", name: "Admin", membershipId: "membership_cy_prod" },
        { roleId: "role_viewer", name: "Viewer", membershipId: "membership_cy_prod" },
      ],
    });
  });

  it("pages in permission id order with a cursor", () => {
    const model = lookupModel();

    const first = permissionsOf(model, "subject_cy", at.production, 3);
    const after = decodeLookupCursor(first.nextCursor ?? "", "cursor");
    const context = model.context();
    const index = context.tenantOfScope(at.acme);
    if (index === undefined) throw new Error("lookup model lost tenant_acme");
    const lookup = { subjectId: "subject_cy", scopeId: at.production, limit: 3, after };
    const second = effectivePermissions(index, context, lookup);

    expect(first.data.map((p) => p.id)).toEqual(["perm_delete", "perm_read", "perm_read_eu"]);
    expect(second.data.map((p) => p.id)).toEqual(["perm_write"]);
    expect(second.nextCursor).toBeNull();
  });
});
