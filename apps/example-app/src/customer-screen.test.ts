import { createBedrockMock, presets } from "@bedrock/mock";
import { createBedrock } from "@bedrock/sdk";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { visibleCustomerButtons } from "./customer-screen.js";

const mock = createBedrockMock({ baseUrl: "https://api.example.com", scenario: presets.guide() });
const server = setupServer(...mock.handlers);
const bedrock = createBedrock({ baseUrl: mock.baseUrl, token: mock.token });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const user = (subjectId: string) => ({ actor: { subjectId, subjectType: "user" as const } });

describe("visibleCustomerButtons", () => {
  it.each([
    [
      "a Sales Rep in Staging",
      "subject_sales_rep",
      "scope_env_staging",
      ["Edit customer", "Delete customer", "Export report"],
    ],
    ["a Sales Rep in Production", "subject_sales_rep", "scope_env_production", ["Edit customer"]],
    [
      "an Admin in Production",
      "subject_acme_admin",
      "scope_env_production",
      ["Edit customer", "Export report"],
    ],
    ["an Acme user on Globex's CRM", "subject_acme_user", "scope_project_globex_crm", []],
  ])("shows %s what their roles allow there", async (_, subjectId, scopeId, expected) => {
    const context = { viewer: user(subjectId), scopeId, customerId: "cus_42" };

    const buttons = await visibleCustomerButtons(bedrock, context);

    expect(buttons).toEqual(expected);
  });

  it("shows an agent acting for a Sales Rep only what both may do", async () => {
    const viewer = {
      actor: { subjectId: "subject_acme_agent", subjectType: "agent" as const },
      onBehalfOf: { subjectId: "subject_sales_rep", subjectType: "user" as const },
    };

    const buttons = await visibleCustomerButtons(bedrock, { viewer, scopeId: "scope_project_crm" });

    expect(buttons).toEqual([]);
  });

  it("shows Delete to Admins in Production once an override enables it for them", async () => {
    await mock.reset(
      presets.guide().extend((s) => {
        const production = s.existing.environment("env_production");
        production.enable("perm_delete", { role: "role_admin" });
      }),
    );
    const context = { viewer: user("subject_acme_admin"), scopeId: "scope_env_production" };

    const buttons = await visibleCustomerButtons(bedrock, context);

    expect(buttons).toEqual(["Edit customer", "Delete customer", "Export report"]);
  });

  it("shows no button when Bedrock cannot be reached", async () => {
    const offline = createBedrock({
      baseUrl: mock.baseUrl,
      token: mock.token,
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    const context = { viewer: user("subject_acme_admin"), scopeId: "scope_env_staging" };

    const buttons = await visibleCustomerButtons(offline, context);

    expect(buttons).toEqual([]);
  });

  it("shows no button to a viewer the mock's token does not admit", async () => {
    const stranger = createBedrock({ baseUrl: mock.baseUrl, token: "someone-else" });
    const context = { viewer: user("subject_acme_admin"), scopeId: "scope_env_staging" };

    const buttons = await visibleCustomerButtons(stranger, context);

    expect(buttons).toEqual([]);
  });
});
