import { describe, expect, it } from "vitest";
import { OperationCoverage, operationsOf } from "./operation-coverage.js";

const document = {
  paths: {
    "/roles": { get: { operationId: "listRoles" }, post: { operationId: "createRole" } },
    "/roles/batch": { post: { operationId: "createRolesBatch" } },
    "/roles/{id}": {
      get: { operationId: "getRole" },
      parameters: {},
    },
    "/roles/{roleId}/permissions/{permissionId}": {
      delete: { operationId: "revokeRolePermission" },
    },
  },
};

describe("operationsOf", () => {
  it("lists every method of every path, skipping path-level fields", () => {
    const ids = operationsOf(document).map((operation) => operation.operationId);

    expect(ids).toEqual([
      "listRoles",
      "createRole",
      "createRolesBatch",
      "getRole",
      "revokeRolePermission",
    ]);
  });
});

describe("OperationCoverage", () => {
  it.each([
    ["POST", "/roles/batch", "createRolesBatch"],
    ["GET", "/roles/batch", "getRole"],
    ["GET", "/roles/role_admin/", "getRole"],
    ["DELETE", "/roles/role_admin/permissions/perm_read", "revokeRolePermission"],
    ["PATCH", "/roles/role_admin", undefined],
    ["GET", "/roles/role_admin/permissions", undefined],
  ])("matches %s %s to %s", (method, path, expected) => {
    const coverage = new OperationCoverage(operationsOf(document));

    expect(coverage.match(method, path)?.operationId).toBe(expected);
  });

  it("lists the operations never called, and those that answered a 5xx", () => {
    const coverage = new OperationCoverage(operationsOf(document));

    coverage.record("GET", "/roles", 200);
    coverage.record("POST", "/roles", 500);
    coverage.record("POST", "/roles", 201);
    coverage.record("GET", "/elsewhere", 404);

    expect(coverage.missing().map((operation) => operation.operationId)).toEqual([
      "createRolesBatch",
      "getRole",
      "revokeRolePermission",
    ]);
    expect(coverage.serverErrors()).toEqual([{ operationId: "createRole", statuses: [500] }]);
  });

  it("records requests through a wrapped fetch, relative to the base URL's path", async () => {
    const coverage = new OperationCoverage(operationsOf(document));
    const fetch = coverage.wrap(async () => new Response(null, { status: 204 }), "http://h/v1/");

    await fetch(new Request("http://h/v1/roles/role_a/permissions/perm_b", { method: "DELETE" }));

    expect(coverage.missing().map((operation) => operation.operationId)).not.toContain(
      "revokeRolePermission",
    );
  });
});
