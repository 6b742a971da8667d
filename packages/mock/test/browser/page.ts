import { createBedrock, type EvaluateRequest } from "@bedrock/sdk";
import { setupWorker } from "msw/browser";
import { createBedrockMock, presets } from "../../src/index.js";

// A page as an app under test would write it: the mock in a service worker,
// the SDK pointed at the API's usual address.
const mock = createBedrockMock({ baseUrl: "https://api.example.com", scenario: presets.guide() });
const worker = setupWorker(...mock.handlers);
const output = document.querySelector("#result") as HTMLElement;

const checks: Record<string, EvaluateRequest> = {
  isolation: {
    actor: { subjectId: "subject_acme_user", subjectType: "user" },
    scopeId: "scope_project_globex_crm",
    action: "read",
    resource: { resourceType: "customer" },
  },
  delegation: {
    actor: { subjectId: "subject_acme_agent", subjectType: "agent" },
    onBehalfOf: { subjectId: "subject_sales_rep", subjectType: "user" },
    scopeId: "scope_project_crm",
    action: "read",
    resource: { resourceType: "customer" },
  },
  productionDelete: {
    actor: { subjectId: "subject_acme_admin", subjectType: "user" },
    scopeId: "scope_env_production",
    action: "delete",
    resource: { resourceType: "customer" },
  },
};

async function run(): Promise<Record<string, string>> {
  await worker.start({ onUnhandledRequest: "error", quiet: true });
  const bedrock = createBedrock({ baseUrl: mock.baseUrl, token: mock.token });

  const decisions: Record<string, string> = {};
  for (const [name, request] of Object.entries(checks)) {
    decisions[name] = (await bedrock.evaluate(request)).decision;
  }
  return decisions;
}

run().then(
  (decisions) => {
    output.textContent = JSON.stringify(decisions);
    output.dataset.done = "true";
  },
  (error: unknown) => {
    output.textContent = JSON.stringify({ error: String(error) });
    output.dataset.done = "true";
  },
);
