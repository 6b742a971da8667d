import { type Bedrock, createBedrock } from "@bedrock/sdk";
import type { OperationCoverage } from "./operation-coverage.js";
import type { Endpoint } from "./targets.js";

/** An answer read whole, for requests the SDK's types do not allow. */
export interface RawAnswer {
  status: number;
  contentType: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: bodies of malformed requests are asserted structurally
  body: any;
}

/** What a contract test works with: clients of one fresh target. */
export interface ContractContext {
  /** An SDK client holding the admin token. */
  bedrock: Bedrock;
  /** An SDK client holding another token, such as an API key's. */
  as(token: string): Bedrock;
  /** Sends a request as given; `token: null` sends none. */
  send(
    method: string,
    path: string,
    init?: { body?: string; token?: string | null; headers?: Record<string, string> },
  ): Promise<RawAnswer>;
}

/** Clients of an endpoint whose every request counts toward operation coverage. */
export function contextFor(endpoint: Endpoint, coverage: OperationCoverage): ContractContext {
  const fetch = coverage.wrap(endpoint.fetch, endpoint.baseUrl);
  const as = (token: string) => createBedrock({ baseUrl: endpoint.baseUrl, token, fetch });

  return {
    bedrock: as(endpoint.token),
    as,
    async send(method, path, init = {}) {
      const headers = new Headers(init.headers);
      const token = init.token === undefined ? endpoint.token : init.token;
      if (token !== null) headers.set("authorization", `Bearer ${token}`);
      const request = new Request(`${endpoint.baseUrl}${path}`, {
        method,
        headers,
        body: init.body,
      });
      const response = await fetch(request);
      const text = await response.text();
      return {
        status: response.status,
        contentType: response.headers.get("content-type"),
        body: text === "" ? undefined : JSON.parse(text),
      };
    },
  };
}
