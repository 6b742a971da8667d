import { type ApiRequest, type ApiResponse, queryFrom } from "@bedrock/api";

/** The base URL without a trailing slash, checked to be absolute. */
export function normalizeBaseUrl(baseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new Error(
      `baseUrl must be an absolute URL such as "https://bedrock.test", not "${baseUrl}"`,
    );
  }
  if (parsed.search !== "" || parsed.hash !== "") {
    throw new Error(`baseUrl must not carry a query or fragment: "${baseUrl}"`);
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, "");
}

/** The path below the base URL's own path, as the server's router sees it. */
function relativePath(url: URL, basePath: string): string {
  const rest = url.pathname.slice(basePath.length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}

/** Converts a fetch request into the request the API handler takes. */
export async function toApiRequest(request: Request, baseUrl: string): Promise<ApiRequest> {
  const url = new URL(request.url);
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");

  const query = queryFrom(url.searchParams);

  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });

  const body = await request.text();
  return {
    method: request.method,
    path: relativePath(url, basePath),
    query,
    headers,
    body: body === "" ? undefined : body,
  };
}

/** Converts the API handler's answer into a fetch response, as the server writes it. */
export function toResponse(answer: ApiResponse): Response {
  const headers = new Headers(answer.headers);
  if (answer.status === 204 || answer.body === undefined) {
    return new Response(null, { status: answer.status, headers });
  }
  // The server's Express writes text bodies with the charset named; so does the mock.
  const type = headers.get("content-type") ?? "application/json";
  headers.set("content-type", type.includes("charset=") ? type : `${type}; charset=utf-8`);
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}
