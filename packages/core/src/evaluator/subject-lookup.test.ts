import { describe, expect, it } from "vitest";
import { scopes as at, lookupModel } from "../../test/lookup-model.js";
import type { ModelBuilder } from "../../test/model-builder.js";
import { decodeLookupCursor } from "./lookup-page.js";
import { lookupSubjects, type SubjectLookup } from "./subject-lookup.js";

function lookup(model: ModelBuilder, ask: Partial<SubjectLookup>) {
  const context = model.context();
  const index = context.tenantOfScope(at.acme);
  if (index === undefined) throw new Error("lookup model lost tenant_acme");
  return lookupSubjects(index, context, {
    scopeId: at.production,
    action: "read",
    resourceType: "customer",
    ...ask,
  });
}

interface Row {
  name: string;
  ask: Partial<SubjectLookup>;
  subjectIds: string[];
}

const rows: Row[] = [
  {
    name: "lists members at the scope and above it, but not disabled ones",
    ask: {},
    subjectIds: ["subject_ann", "subject_bob", "subject_cy"],
  },
  {
    name: "lists only the role an override enables again where the grant is disabled",
    ask: { action: "delete" },
    subjectIds: ["subject_cy"],
  },
  {
    name: "lists an agent beside users",
    ask: { scopeId: at.staging },
    subjectIds: ["subject_ann", "subject_bob", "subject_bot"],
  },
  {
    name: "leaves out an expired assignment and members of child scopes",
    ask: { scopeId: at.crm },
    subjectIds: ["subject_ann", "subject_bob"],
  },
  { name: "lists nothing at the tenant's root", ask: { scopeId: at.acme }, subjectIds: [] },
  {
    name: "lists nothing for a scope of another tenant's index",
    ask: { scopeId: at.globexCrm },
    subjectIds: [],
  },
  {
    name: "lists where the resource id matches",
    ask: { resourceType: "invoice", resourceId: "inv_eu" },
    subjectIds: ["subject_cy"],
  },
];

describe("lookupSubjects", () => {
  it.each(rows)("$name", ({ ask, subjectIds }) => {
    const page = lookup(lookupModel(), ask);

    expect(page.data.map((match) => match.subjectId)).toEqual(subjectIds);
    expect(page.nextCursor).toBeNull();
  });

  it("names each subject's type and the grant that allows it", () => {
    const page = lookup(lookupModel(), { scopeId: at.staging, limit: 1, after: "subject_bob" });

    expect(page).toEqual({
      data: [
        {
          subjectId: "subject_bot",
          subjectType: "agent",
          matched: {
            membershipId: "membership_bot_staging",
            roleId: "role_viewer",
            permissionId: "perm_read",
            permissionKey: "customer:read:*",
          },
        },
      ],
      nextCursor: null,
    });
  });

  it("pages in id order with a cursor", () => {
    const model = lookupModel();

    const first = lookup(model, { limit: 2 });
    const after = decodeLookupCursor(first.nextCursor ?? "", "cursor");
    const second = lookup(model, { limit: 2, after });

    expect(first.data.map((m) => m.subjectId)).toEqual(["subject_ann", "subject_bob"]);
    expect(second.data.map((m) => m.subjectId)).toEqual(["subject_cy"]);
    expect(second.nextCursor).toBeNull();
  });
});
