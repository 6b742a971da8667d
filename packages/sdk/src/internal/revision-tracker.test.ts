import { describe, expect, it } from "vitest";
import { RevisionTracker } from "./revision-tracker.js";

const post = (path: string) => new Request(`https://api.example.com${path}`, { method: "POST" });
const remove = (path: string) =>
  new Request(`https://api.example.com${path}`, { method: "DELETE" });

interface Row {
  name: string;
  request: Request;
  status?: number;
  body: unknown;
  tenant: string;
  revision: number | undefined;
}

const rows: Row[] = [
  {
    name: "a record's tenantId",
    request: post("/roles"),
    body: { id: "role_1", tenantId: "tenant_acme", scopeId: "scope_project_crm" },
    tenant: "tenant_acme",
    revision: 3,
  },
  {
    name: "a tenant's own id",
    request: post("/tenants"),
    body: { id: "tenant_acme", slug: "acme", scopeId: "scope_tenant_acme" },
    tenant: "tenant_acme",
    revision: 3,
  },
  {
    name: "a batch whose items share a tenant",
    request: post("/roles/batch"),
    body: {
      data: [
        { id: "role_1", tenantId: "tenant_acme" },
        { id: "role_2", tenantId: "tenant_acme" },
      ],
    },
    tenant: "tenant_acme",
    revision: 3,
  },
  {
    name: "no batch whose items span tenants, whose header is only the highest",
    request: post("/roles/batch"),
    body: {
      data: [
        { id: "role_1", tenantId: "tenant_acme" },
        { id: "role_2", tenantId: "tenant_globex" },
      ],
    },
    tenant: "tenant_acme",
    revision: undefined,
  },
  {
    name: "nothing from an error",
    request: post("/roles"),
    status: 409,
    body: { id: "role_1", tenantId: "tenant_acme" },
    tenant: "tenant_acme",
    revision: undefined,
  },
  {
    name: "nothing from a delete of a record never seen",
    request: remove("/roles/role_9"),
    status: 204,
    body: undefined,
    tenant: "tenant_acme",
    revision: undefined,
  },
];

describe("RevisionTracker", () => {
  it.each(rows)(
    "attributes the revision to $name",
    ({ request, status, body, tenant, revision }) => {
      const tracker = new RevisionTracker();

      tracker.observe(request, status ?? 200, 3, body);

      expect(tracker.revisionOf(tenant)).toBe(revision);
    },
  );

  it("never lowers a tenant's revision", () => {
    const tracker = new RevisionTracker();
    const body = { id: "role_1", tenantId: "tenant_acme" };

    tracker.observe(post("/roles"), 201, 9, body);
    tracker.observe(post("/roles"), 201, 4, body);

    expect(tracker.revisionOf("tenant_acme")).toBe(9);
  });

  it("learns the tenants of scopes from scopeId, childScopeId, scope ids and ancestors", () => {
    const tracker = new RevisionTracker();

    tracker.observe(post("/memberships"), 201, 2, {
      tenantId: "tenant_a",
      scopeId: "scope_project_p",
    });
    tracker.observe(post("/x"), 201, 2, { tenantId: "tenant_a", childScopeId: "scope_env_e" });
    tracker.observe(post("/x"), 200, undefined, {
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
