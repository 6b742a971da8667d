import { BedrockApiError } from "../errors.js";

/** What every openapi-fetch call resolves to. */
interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its body, or throws a `BedrockApiError`. */
export async function unwrap<D>(pending: Promise<FetchResult<D>>): Promise<D> {
  let result: FetchResult<D>;
  try {
    result = await pending;
  } catch (cause) {
    if (cause instanceof BedrockApiError) throw cause;
    // The request was answered but the body could not be read as JSON.
    throw BedrockApiError.unreadable(cause);
  }

  if (!result.response.ok) throw BedrockApiError.fromResponse(result.response, result.error);

  // A success leaves `data` undefined only for answers without a body, whose type says so.
  return result.data as D;
}
