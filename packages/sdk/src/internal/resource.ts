import type { Client } from "openapi-fetch";
import { paginate } from "../paginate.js";
import type { Resource, ResourceMethod, ResourcePath } from "../resource.js";
import type { Page, paths } from "../types.js";
import { unwrap } from "./unwrap.js";

type Send = <D = unknown>(
  path: string,
  init: object,
) => Promise<{ data?: D; error?: unknown; response: Response }>;

/** The client called with a path known only at run time. */
interface AnyPath {
  GET: Send;
  POST: Send;
  PATCH: Send;
  DELETE: Send;
}

/**
 * Builds the methods `names` of the resource at `path`, each one call of
 * `raw` unwrapped to its body or a thrown `BedrockApiError`.
 *
 * @example
 * const memberships = resource(raw, "/memberships", ["create", "get", "list", "iterate", "delete"]);
 */
export function resource<P extends ResourcePath, const M extends ResourceMethod<P>>(
  raw: Client<paths>,
  path: P,
  names: readonly M[],
): Resource<P, M> {
  // openapi-fetch types a call by its literal path; this one is chosen at run
  // time, so the types of the methods come from `Resource<P, M>` instead.
  const client = raw as unknown as AnyPath;
  const item = `${path}/{id}`;
  const byId = (id: string) => ({ params: { path: { id } } });
  const list = (query?: object) => unwrap(client.GET<Page<unknown>>(path, { params: { query } }));

  const methods = {
    create: (body: unknown) => unwrap(client.POST(path, { body })),
    createBatch: async (body: unknown) => {
      const created = await unwrap(client.POST<{ data: unknown[] }>(`${path}/batch`, { body }));
      return created.data;
    },
    get: (id: string) => unwrap(client.GET(item, byId(id))),
    list,
    iterate: (query?: object) => paginate((cursor) => list({ ...query, cursor })),
    update: (id: string, body: unknown) => unwrap(client.PATCH(item, { ...byId(id), body })),
    delete: (id: string) => unwrap(client.DELETE(item, byId(id))),
  };

  const picked: Partial<Record<M, unknown>> = {};
  for (const name of names) picked[name] = methods[name];
  return picked as Resource<P, M>;
}
