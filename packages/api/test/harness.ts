import { adminCaller, Bedrock, type Caller, MemoryStore } from "@bedrock/core";
import { type ApiHandler, createApiHandler, queryFrom } from "../src/handler.js";

/** An in-process API over a fresh memory store, with tokens mapped to callers. */
export interface Harness {
  bedrock: Bedrock;
  handler: ApiHandler;
  /** Sends a request as the holder of `token` (the admin by default). */
  call(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    // biome-ignore lint/suspicious/noExplicitAny: answers are asserted structurally in tests
  ): Promise<{ status: number; body: any; headers: Record<string, string> }>;
}

export async function createHarness(callers: Record<string, Caller> = {}): Promise<Harness> {
  const bedrock = await Bedrock.open(new MemoryStore());
  const tokens: Record<string, Caller> = { admin: adminCaller, ...callers };
  const handler = createApiHandler({
    bedrock,
    authenticate: async (token) => tokens[token],
    onUnexpectedError: (error) => {
      throw error;
    },
  });
  return {
    bedrock,
    handler,
    async call(method, path, body, token = "admin") {
      const [pathname, search = ""] = path.split("?");
      const query = queryFrom(new URLSearchParams(search));
      const answer = await handler({
        method,
        path: pathname ?? path,
        query,
        headers: { authorization: `Bearer ${token}` },
        body:
          body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      return { status: answer.status, body: answer.body, headers: answer.headers ?? {} };
    },
  };
}
