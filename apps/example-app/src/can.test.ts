import { createBedrockMock, presets } from "@bedrock/mock";
import { createBedrock } from "@bedrock/sdk";
import { describe, expect, it } from "vitest";
import { can } from "./can.js";

// Without MSW: the mock's own fetch is passed in, nothing global is patched.
const mock = createBedrockMock({ baseUrl: "https://api.example.com", scenario: presets.guide() });
const bedrock = createBedrock({ baseUrl: mock.baseUrl, token: mock.token, fetch: mock.fetch });
const salesRep = { actor: { subjectId: "subject_sales_rep", subjectType: "user" as const } };

describe("can", () => {
  it.each([
    ["scope_project_crm", { action: "read", resourceType: "customer" }, true],
    ["scope_env_production", { action: "delete", resourceType: "customer" }, false],
    ["scope_project_globex_crm", { action: "read", resourceType: "customer" }, false],
  ])("answers at %s for %o: %s", async (scopeId, access, expected) => {
    const allowed = await can(bedrock, salesRep, scopeId, access);

    expect(allowed).toBe(expected);
  });

  it("throws what is not an API failure, such as a bug in the caller", async () => {
    const broken = {
      evaluate: async () => {
        throw new RangeError("bug");
      },
    };

    const asking = can(broken, salesRep, "scope_project_crm", {
      action: "read",
      resourceType: "x",
    });

    await expect(asking).rejects.toThrow(RangeError);
  });
});
