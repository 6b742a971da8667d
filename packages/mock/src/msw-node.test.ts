import { createBedrock } from "@bedrock/sdk";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBedrockMock } from "./bedrock-mock.js";
import { presets } from "./presets/index.js";

const mock = createBedrockMock({ baseUrl: "https://bedrock.test/api", scenario: presets.guide() });
const server = setupServer(...mock.handlers);
// Looked up per call, so the client also works when made before listen().
const bedrock = createBedrock({
  baseUrl: mock.baseUrl,
  token: mock.token,
  fetch: (request) => globalThis.fetch(request),
});

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

describe("the mock under msw/node", () => {
  it("keeps writes until the next reset", async () => {
    await bedrock.tenants.create({ id: "tenant_initech", name: "Initech", slug: "initech" });

    const tenant = await bedrock.tenants.get("tenant_initech");

    expect(tenant).toMatchObject({ id: "tenant_initech", scopeId: "scope_tenant_initech" });
  });

  it("starts the next test from the scenario again", async () => {
    const page = await bedrock.tenants.list();

    expect(page.data.map((t) => t.id)).toEqual(["tenant_acme", "tenant_globex"]);
  });

  it("answers errors as the API does, as BedrockApiError", async () => {
    const creating = bedrock.tenants.create({ name: "Acme again", slug: "acme-corp" });

    await expect(creating).rejects.toMatchObject({ status: 409, code: "already_exists" });
  });

  it("leaves requests outside its base URL unhandled", async () => {
    const outside = createBedrock({ baseUrl: "https://bedrock.test/other", token: mock.token });

    const listing = outside.tenants.list();

    await expect(listing).rejects.toMatchObject({ code: "network_error" });
  });
});
