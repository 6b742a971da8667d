import { BedrockApiError } from "@bedrock/sdk";

/** What every openapi-fetch call of the SDK's `raw` client resolves to. */
interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The body of a successful raw call; fails the test with the problem otherwise. */
export async function ok<D>(pending: Promise<FetchResult<D>>): Promise<D> {
  const { data, error, response } = await pending;
  if (!response.ok) {
    throw new Error(`expected a success, got ${response.status}: ${JSON.stringify(error)}`);
  }
  return data as D;
}

/** The status of a raw call, for answers without a body. */
export async function statusOf(pending: Promise<FetchResult<unknown>>): Promise<number> {
  return (await pending).response.status;
}

/** The problem a failing SDK call threw, as a plain object to match against. */
export async function problemOf(pending: Promise<unknown>): Promise<{
  status: number;
  code: string;
  detail: string;
  errors: readonly { code: string; path: string; message: string }[];
}> {
  try {
    await pending;
  } catch (error) {
    if (!(error instanceof BedrockApiError)) throw error;
    return { status: error.status, code: error.code, detail: error.detail, errors: error.errors };
  }
  throw new Error("expected the call to fail, and it succeeded");
}
