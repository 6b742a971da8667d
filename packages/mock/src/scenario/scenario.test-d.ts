import { describe, expectTypeOf, it } from "vitest";
import type { RoleHandle } from "./access-handles.js";
import { defineScenario } from "./scenario.js";

describe("scenario types", () => {
  it("takes a handle or an id wherever a record is referenced", () => {
    defineScenario((s) => {
      const crm = s.tenant("tenant_a").workspace("workspace_a").project("project_a");
      const read = crm.permission("perm_read", "customer:read:*");
      const viewer = crm.role("role_viewer", { permissions: [read, "perm_other"] });

      s.user("subject_ann").memberOf(crm, { roles: [viewer, "role_admin"] });

      expectTypeOf(viewer).toEqualTypeOf<RoleHandle>();
      expectTypeOf(s.user("subject_bob").ref).toEqualTypeOf<{
        subjectId: string;
        subjectType: "user" | "agent";
      }>();
    });
  });

  it("refuses a record of the wrong kind", () => {
    defineScenario((s) => {
      const acme = s.tenant("tenant_a");
      const read = acme.permission("perm_read", "customer:read:*");

      // @ts-expect-error a permission is not a role
      s.agent("subject_bot").memberOf(acme, { roles: [read] });
      // @ts-expect-error environments belong to projects, not tenants
      acme.environment("env_production");
      // @ts-expect-error an override state is "enabled" or "disabled", set by the method
      acme.disable(read, { state: "enabled" });
    });
  });
});
