import type { Client } from "openapi-fetch";
import type { paths } from "../types.js";
import { limit } from "./limit.js";
import type { RevisionTracker } from "./revision-tracker.js";

/** Feeds an answer's headers and body to the tracker; the caller still reads the response. */
export async function observe(tracker: RevisionTracker, response: Response): Promise<void> {
  const isJson = response.headers.get("content-type")?.includes("json") ?? false;
  const body =
    isJson && response.status !== 204
      ? await response
          .clone()
          .json()
          .catch(() => undefined)
      : undefined;
  tracker.observe(response.status, response.headers, body);
}

interface MayWait {
  minRevision?: number | null;
}

/** Raises requests' `minRevision` to what the client has seen of their tenants. */
export interface Freshness {
  /** The request, waiting for its scope's tenant. */
  check<R extends MayWait & { scopeId: string }>(request: R): Promise<R>;
  /** Each request, waiting for its own scope's tenant. */
  checks<R extends MayWait & { scopeId: string }>(requests: R[]): Promise<R[]>;
  /** The request, waiting for the named tenant. */
  inTenant<R extends MayWait>(request: R, tenantId: string): R;
}

const asIs: Freshness = {
  check: async (request) => request,
  checks: async (requests) => requests,
  inTenant: (request) => request,
};

/** How many scopes the server said it does not know, remembered so they are not asked again. */
const maxUnknown = 1_000;

/** Most `GET /scopes/{id}` lookups one client has in flight at once. */
const maxScopeLookups = 4;

/**
 * Builds the freshness of a client. A scope whose tenant no answer has shown
 * is looked up once with `GET /scopes/{id}`, and only once the client has a
 * revision to wait for: a scope's tenant never changes. Concurrent requests
 * for one scope share its lookup, and at most {@link maxScopeLookups} are in
 * flight. A key that may not read scopes stops asking, and those requests go
 * without `minRevision`.
 */
export function freshness(raw: Client<paths>, tracker: RevisionTracker | undefined): Freshness {
  if (tracker === undefined) return asIs;
  const unknown = new Set<string>();
  const pending = new Map<string, Promise<string | undefined>>();
  const slot = limit(maxScopeLookups);
  let mayReadScopes = true;

  const ask = async (scopeId: string): Promise<string | undefined> => {
    // Checked again once a slot is free: a lookup that ran meanwhile may have answered it.
    const known = tracker.tenantOfScope(scopeId);
    if (known !== undefined || !mayReadScopes) return known;

    const answer = await raw
      .GET("/scopes/{id}", { params: { path: { id: scopeId } } })
      .catch(() => undefined);
    const status = answer?.response.status;
    if (answer?.data !== undefined) {
      tracker.learnScope(scopeId, answer.data.tenantId);
      return answer.data.tenantId;
    }
    if (status === 401 || status === 403) mayReadScopes = false;
    if (status === 404 && unknown.size < maxUnknown) unknown.add(scopeId);
    return undefined;
  };

  const tenantOf = async (scopeId: string): Promise<string | undefined> => {
    if (tracker.empty) return undefined;
    const known = tracker.tenantOfScope(scopeId);
    if (known !== undefined || !mayReadScopes || unknown.has(scopeId)) return known;

    const shared = pending.get(scopeId);
    if (shared !== undefined) return shared;
    const lookup = slot(() => ask(scopeId)).finally(() => pending.delete(scopeId));
    pending.set(scopeId, lookup);
    return lookup;
  };

  const waitFor = <R extends MayWait>(request: R, tenantId: string | undefined): R => {
    const seen = tenantId === undefined ? undefined : tracker.revisionOf(tenantId);
    if (seen === undefined || (request.minRevision ?? 0) >= seen) return request;
    return { ...request, minRevision: seen };
  };

  return {
    check: async (request) => waitFor(request, await tenantOf(request.scopeId)),
    checks: async (requests) => {
      const scopeIds = [...new Set(requests.map((request) => request.scopeId))];
      const tenants = new Map(
        await Promise.all(scopeIds.map(async (id) => [id, await tenantOf(id)] as const)),
      );
      return requests.map((request) => waitFor(request, tenants.get(request.scopeId)));
    },
    inTenant: waitFor,
  };
}
