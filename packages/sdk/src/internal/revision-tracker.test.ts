import { describe, expect, it } from "vitest";
import { RevisionTracker } from "./revision-tracker.js";

/** The headers of a write's answer: the highest revision, and each tenant's when listed. */
function headersOf(revision: number, revisions?: string): Headers {
  const headers = new Headers({ "bedrock-revision": String(revision) });
  if (revisions !== undefined) headers.set("bedrock-revisions", revisions);
  return headers;
}

interface Row {
  name: string;
  status?: number;
  headers: Headers;
  body: unknown;
  expected: Record<string, number | undefined>;
}

const moved = {
  id: "user_ann",
  subjectId: "subject_ann",
  defaultTenantId: "tenant_quiet",
};

const rows: Row[] = [
  {
    name: "each tenant Bedrock-Revisions lists its own revision",
    headers: headersOf(186, "tenant_busy=186, tenant_quiet=3"),
    body: moved,
    expected: { tenant_busy: 186, tenant_quiet: 3 },
  },
  {
    name: "large revisions exactly",
    headers: headersOf(1796321090904007, "tenant_a=1796321090904003, tenant_b=1796321090904007"),
    body: undefined,
    expected: { tenant_a: 1796321090904003, tenant_b: 1796321090904007 },
  },
  {
    name: "the tenants of a delete, which answers without a body",
    status: 204,
    headers: headersOf(6, "tenant_acme=6"),
    body: undefined,
    expected: { tenant_acme: 6 },
  },
  {
    name: "the header over the records of the body",
    headers: headersOf(9, "tenant_globex=9"),
    body: { id: "role_1", tenantId: "tenant_acme" },
    expected: { tenant_acme: undefined, tenant_globex: 9 },
  },
  {
    name: "only the well-formed pairs of the header",
    headers: headersOf(9, "tenant_a=9, tenant_b, =4, tenant_c=x"),
    body: undefined,
    expected: { tenant_a: 9, tenant_b: undefined, tenant_c: undefined },
  },
  {
    name: "without the header, a record's tenantId",
    headers: headersOf(3),
    body: { id: "role_1", tenantId: "tenant_acme", scopeId: "scope_project_crm" },
    expected: { tenant_acme: 3 },
  },
  {
    name: "without the header, a tenant's own id",
    headers: headersOf(3),
    body: { id: "tenant_acme", slug: "acme", scopeId: "scope_tenant_acme" },
    expected: { tenant_acme: 3 },
  },
  {
    name: "without the header, a batch whose items share a tenant",
    headers: headersOf(3),
    body: { data: [{ tenantId: "tenant_acme" }, { tenantId: "tenant_acme" }] },
    expected: { tenant_acme: 3 },
  },
  {
    name: "without the header, nothing from a batch spanning tenants",
    headers: headersOf(3),
    body: { data: [{ tenantId: "tenant_acme" }, { tenantId: "tenant_globex" }] },
    expected: { tenant_acme: undefined, tenant_globex: undefined },
  },
  {
    name: "without the header, nothing from a user, whose write may touch two tenants",
    headers: headersOf(186),
    body: moved,
    expected: { tenant_quiet: undefined },
  },
  {
    name: "without the header, nothing from a delete",
    status: 204,
    headers: headersOf(6),
    body: undefined,
    expected: { tenant_acme: undefined },
  },
  {
    name: "nothing from an error",
    status: 409,
    headers: headersOf(3, "tenant_acme=3"),
    body: { id: "role_1", tenantId: "tenant_acme" },
    expected: { tenant_acme: undefined },
  },
];

describe("RevisionTracker", () => {
  it.each(rows)("attributes $name", ({ status, headers, body, expected }) => {
    const tracker = new RevisionTracker();

    tracker.observe(status ?? 200, headers, body);

    const seen = Object.fromEntries(
      Object.keys(expected).map((tenantId) => [tenantId, tracker.revisionOf(tenantId)]),
    );
    expect(seen).toEqual(expected);
  });

  it("never lowers a tenant's revision", () => {
    const tracker = new RevisionTracker();

    tracker.observe(201, headersOf(9, "tenant_acme=9"), undefined);
    tracker.observe(201, headersOf(4, "tenant_acme=4"), undefined);

    expect(tracker.revisionOf("tenant_acme")).toBe(9);
  });

  it("learns the tenants of scopes from scopeId, childScopeId, scope ids and ancestors", () => {
    const tracker = new RevisionTracker();
    const none = new Headers();

    tracker.observe(201, none, { tenantId: "tenant_a", scopeId: "scope_project_p" });
    tracker.observe(201, none, { tenantId: "tenant_a", childScopeId: "scope_env_e" });
    tracker.observe(200, none, {
      id: "scope_env_f",
      tenantId: "tenant_b",
      ancestors: [{ id: "scope_project_q", tenantId: "tenant_b" }],
    });

    expect(tracker.tenantOfScope("scope_project_p")).toBe("tenant_a");
    expect(tracker.tenantOfScope("scope_env_e")).toBe("tenant_a");
    expect(tracker.tenantOfScope("scope_env_f")).toBe("tenant_b");
    expect(tracker.tenantOfScope("scope_project_q")).toBe("tenant_b");
    expect(tracker.tenantOfScope("scope_unknown")).toBeUndefined();
  });
});
