import createClient, { type Client } from "openapi-fetch";
import { BedrockApiError } from "./errors.js";
import { freshness, observe } from "./internal/freshness.js";
import { resource } from "./internal/resource.js";
import { RevisionTracker } from "./internal/revision-tracker.js";
import { unwrap } from "./internal/unwrap.js";
import { paginate } from "./paginate.js";
import type { Resource } from "./resource.js";
import type {
  ApiKey,
  Decision,
  EffectivePermission,
  EffectivePermissionPage,
  EvaluateRequest,
  Grant,
  Page,
  Permission,
  PermissionOverride,
  PermissionOverrideInput,
  paths,
  QueryOf,
  RolePermissionOverride,
  RolePermissionOverrideInput,
  ScopeLookupPage,
  ScopeLookupRequest,
  ScopeMatch,
  SubjectLookupPage,
  SubjectLookupRequest,
  SubjectMatch,
} from "./types.js";

/**
 * How fresh answers to evaluations and lookups must be. `eventual` takes what
 * the server has compiled; `read-your-writes` makes them wait for every write
 * this client has seen answered.
 */
export type Consistency = "eventual" | "read-your-writes";

/** Most checks one `POST /evaluate/batch` may carry. */
export const maxBatchChecks = 1_000;

/** How to reach a Bedrock server and who to be there. */
export interface BedrockOptions {
  /** The server's root URL, such as `https://api.example.com`. */
  baseUrl: string;
  /** An admin token or API key, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** The fetch to send requests with; `globalThis.fetch`, looked up on each call, when absent. */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /**
   * With `read-your-writes`, the client remembers per tenant the highest
   * revision it has been answered with (a write lists each tenant it touched
   * in `Bedrock-Revisions`), and sends it as `minRevision` on evaluate, batch
   * and lookup calls in that tenant. A replica that has not caught up yet
   * then reloads, or answers 409 `revision_not_reached`. `eventual` (the
   * default) sends nothing.
   *
   * To know a scope's tenant, the client uses the records its answers have
   * shown, or looks the scope up with `GET /scopes/{id}`: once per scope, at
   * most 4 at a time. A key without the `manage` right cannot look scopes
   * up, so for a scope it has not seen in an answer it sends no `minRevision`.
   */
  consistency?: Consistency;
}

/** A Bedrock client: typed `raw` access plus shortcuts that return bodies or throw. */
export interface Bedrock {
  /** The openapi-fetch client: answers `{data, error, response}`; throws only `network_error`. */
  readonly raw: Client<paths>;

  /**
   * Decides one request; a denial is a decision with `allowed: false`, not an error.
   *
   * @example
   * const decision = await bedrock.evaluate({
   *   actor: { subjectId: "subject_acme_agent", subjectType: "agent" },
   *   onBehalfOf: { subjectId: "subject_sales_rep", subjectType: "user" },
   *   scopeId: "scope_project_crm",
   *   action: "read",
   *   resource: { resourceType: "customer" },
   * });
   * if (!decision.allowed) console.log(decision.reason);
   */
  evaluate(request: EvaluateRequest): Promise<Decision>;

  /**
   * Whether the request is allowed; a shortcut for `(await evaluate(request)).allowed`.
   *
   * @example
   * const request = { actor, scopeId, action: "delete", resource: { resourceType: "customer" } };
   * if (await bedrock.can(request)) await deleteCustomer();
   */
  can(request: EvaluateRequest): Promise<boolean>;

  /** Decides up to 1,000 requests from one view of the model, answering in the same order. */
  evaluateBatch(checks: EvaluateRequest[]): Promise<Decision[]>;

  /**
   * Decides any number of requests, in batches of 1,000 sent one after
   * another, answering in the same order. Each batch is one view of the
   * model; requests in different batches may see different revisions.
   */
  evaluateMany(requests: EvaluateRequest[]): Promise<Decision[]>;

  /** Which scopes and subjects are allowed, answered from the server's compiled model. */
  readonly lookup: {
    /**
     * One page of the scopes of a kind in a tenant where a subject may act.
     *
     * @example
     * const { data } = await bedrock.lookup.scopes({
     *   subject: { subjectId: "subject_acme_user", subjectType: "user" },
     *   tenantId: "tenant_acme",
     *   kind: "project",
     *   action: "read",
     *   resourceType: "customer",
     * });
     */
    scopes(request: ScopeLookupRequest): Promise<ScopeLookupPage>;
    /** Yields every scope `scopes` would list, page after page. */
    iterateScopes(
      request: Omit<ScopeLookupRequest, "cursor">,
    ): AsyncGenerator<ScopeMatch, void, undefined>;
    /** One page of the subjects allowed an action on a resource type at a scope. */
    subjects(request: SubjectLookupRequest): Promise<SubjectLookupPage>;
    /** Yields every subject `subjects` would list, page after page. */
    iterateSubjects(
      request: Omit<SubjectLookupRequest, "cursor">,
    ): AsyncGenerator<SubjectMatch, void, undefined>;
  };

  /** Tenants: the customer boundaries. */
  readonly tenants: Resource<"/tenants">;
  /** Workspaces inside tenants. */
  readonly workspaces: Resource<"/workspaces">;
  /** Projects inside workspaces. */
  readonly projects: Resource<"/projects">;
  /** Environments inside projects. */
  readonly environments: Resource<"/environments">;
  /**
   * The scope tree of every tenant: one scope per tenant, workspace, project
   * and environment. `get` answers a scope with its ancestors, parent first.
   */
  readonly scopes: Resource<"/scopes">;

  /** Roles defined at a scope. */
  readonly roles: Resource<"/roles"> & {
    /** Grants permissions to a role and returns the grants. */
    grant(roleId: string, permissionIds: string[]): Promise<Grant[]>;
    /** One page of the permissions granted to a role. */
    permissions(roleId: string, query?: RolePermissionQuery): Promise<Page<Permission>>;
    /** Yields every permission `permissions` would list, page after page. */
    iteratePermissions(
      roleId: string,
      query?: Omit<RolePermissionQuery, "cursor">,
    ): AsyncGenerator<Permission, void, undefined>;
    /** Takes a permission back from a role. */
    revoke(roleId: string, permissionId: string): Promise<void>;
  };
  /** Permissions defined at a scope. */
  readonly permissions: Resource<"/permissions">;

  /** Users, each backed by a subject. */
  readonly users: Resource<"/users">;
  /** Subjects: users and agents. */
  readonly subjects: Resource<"/subjects"> & {
    /** One page of a subject's effective permissions at a scope, after overrides. */
    permissions(
      subjectId: string,
      scopeId: string,
      options?: PermissionOptions,
    ): Promise<EffectivePermissionPage>;
    /** Yields every effective permission `permissions` would list, page after page. */
    iteratePermissions(
      subjectId: string,
      scopeId: string,
      options?: Omit<PermissionOptions, "cursor">,
    ): AsyncGenerator<EffectivePermission, void, undefined>;
  };
  /**
   * Memberships of subjects in scopes.
   *
   * @example
   * for await (const membership of bedrock.memberships.iterate({ subjectId })) {
   *   console.log(membership.scopeId);
   * }
   */
  readonly memberships: Resource<"/memberships">;
  /** Roles given to memberships, optionally until they expire. */
  readonly roleAssignments: Resource<"/role-assignments">;

  /** Overrides that switch permissions on or off in a child scope. */
  readonly overrides: {
    /** Sets the state of a permission in a child scope, for every role there. */
    permission(input: PermissionOverrideInput): Promise<PermissionOverride>;
    /** Sets the state of one role's permission in a child scope. */
    rolePermission(input: RolePermissionOverrideInput): Promise<RolePermissionOverride>;
    /** The overrides `permission` sets. */
    readonly permissions: Resource<
      "/scope-overrides/permissions",
      "get" | "list" | "iterate" | "delete"
    >;
    /** The overrides `rolePermission` sets. */
    readonly rolePermissions: Resource<
      "/scope-overrides/role-permissions",
      "get" | "list" | "iterate" | "delete"
    >;
  };

  /** API keys; `create` answers the key's token, which no other answer shows again. */
  readonly apiKeys: Resource<"/api-keys", "create" | "get" | "list" | "iterate"> & {
    /** Revokes the key at once and returns it; the record stays, with `revokedAt`. */
    revoke(id: string): Promise<ApiKey>;
  };
  /** The record of every change a write made: who, what, before and after. */
  readonly auditEvents: Resource<"/audit-events">;
}

/** Paging of `roles.permissions`. */
export type RolePermissionQuery = QueryOf<"listRolePermissions">;

/** Paging and freshness of `subjects.permissions`. */
export type PermissionOptions = Omit<QueryOf<"listEffectivePermissions">, "scopeId">;

/**
 * Creates a Bedrock client.
 *
 * @example
 * const bedrock = createBedrock({
 *   baseUrl: "https://api.example.com",
 *   token: process.env.BEDROCK_TOKEN!,
 * });
 * const decision = await bedrock.evaluate({
 *   actor: { subjectId: "subject_acme_user", subjectType: "user" },
 *   scopeId: "scope_project_globex_crm",
 *   action: "read",
 *   resource: { resourceType: "customer" },
 * });
 * decision.allowed; // false: no membership in any Globex scope
 */
export function createBedrock(options: BedrockOptions): Bedrock {
  const tracker = options.consistency === "read-your-writes" ? new RevisionTracker() : undefined;
  const raw = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { ...options.headers, Authorization: `Bearer ${options.token}` },
    // Looked up per call, so a mock installed after the client is made still sees requests.
    fetch: async (request) => {
      const send = options.fetch ?? globalThis.fetch;
      let response: Response;
      try {
        response = await send(request);
      } catch (cause) {
        throw BedrockApiError.fromNetwork(cause);
      }
      if (tracker !== undefined) await observe(tracker, response);
      return response;
    },
  });

  const fresh = freshness(raw, tracker);

  const evaluateBatch = async (checks: EvaluateRequest[]) => {
    const body = await unwrap(
      raw.POST("/evaluate/batch", { body: { checks: await fresh.checks(checks) } }),
    );
    return body.decisions;
  };
  const evaluate = async (request: EvaluateRequest) =>
    unwrap(raw.POST("/evaluate", { body: await fresh.check(request) }));

  const lookupScopes = async (request: ScopeLookupRequest) => {
    const page = await unwrap(
      raw.POST("/lookup/scopes", { body: fresh.inTenant(request, request.tenantId) }),
    );
    for (const match of page.data) tracker?.learnScope(match.scopeId, request.tenantId);
    return page;
  };
  const lookupSubjects = async (request: SubjectLookupRequest) =>
    unwrap(raw.POST("/lookup/subjects", { body: await fresh.check(request) }));
  const permissions = async (subjectId: string, scopeId: string, query?: PermissionOptions) => {
    const params = { path: { subjectId }, query: await fresh.check({ ...query, scopeId }) };
    return unwrap(raw.GET("/subjects/{subjectId}/permissions", { params }));
  };

  const rolePermissions = (roleId: string, query?: RolePermissionQuery) =>
    unwrap(raw.GET("/roles/{roleId}/permissions", { params: { path: { roleId }, query } }));

  const all = ["create", "get", "list", "iterate", "update", "delete"] as const;
  // Records that are set, replaced or revoked, never changed in place.
  const fixed = ["create", "get", "list", "iterate", "delete"] as const;
  const { create: permission, ...permissionOverrides } = resource(
    raw,
    "/scope-overrides/permissions",
    fixed,
  );
  const { create: rolePermission, ...rolePermissionOverrides } = resource(
    raw,
    "/scope-overrides/role-permissions",
    fixed,
  );
  const { delete: revoke, ...apiKeys } = resource(raw, "/api-keys", fixed);

  return {
    raw,

    evaluate,
    can: async (request) => (await evaluate(request)).allowed,
    evaluateBatch,
    evaluateMany: async (requests) => {
      const decisions: Decision[] = [];
      for (let at = 0; at < requests.length; at += maxBatchChecks) {
        decisions.push(...(await evaluateBatch(requests.slice(at, at + maxBatchChecks))));
      }
      return decisions;
    },

    lookup: {
      scopes: lookupScopes,
      iterateScopes: (request) => paginate((cursor) => lookupScopes({ ...request, cursor })),
      subjects: lookupSubjects,
      iterateSubjects: (request) => paginate((cursor) => lookupSubjects({ ...request, cursor })),
    },

    tenants: resource(raw, "/tenants", all),
    workspaces: resource(raw, "/workspaces", all),
    projects: resource(raw, "/projects", all),
    environments: resource(raw, "/environments", all),
    scopes: resource(raw, "/scopes", ["get", "list", "iterate"]),

    roles: {
      ...resource(raw, "/roles", [...all, "createBatch"]),
      grant: async (roleId, permissionIds) => {
        const body = await unwrap(
          raw.POST("/roles/{roleId}/permissions", {
            params: { path: { roleId } },
            body: { permissionIds },
          }),
        );
        return body.data;
      },
      permissions: rolePermissions,
      iteratePermissions: (roleId, query) =>
        paginate((cursor) => rolePermissions(roleId, { ...query, cursor })),
      revoke: (roleId, permissionId) =>
        unwrap(
          raw.DELETE("/roles/{roleId}/permissions/{permissionId}", {
            params: { path: { roleId, permissionId } },
          }),
        ),
    },
    permissions: resource(raw, "/permissions", [...fixed, "createBatch"]),

    users: resource(raw, "/users", all),
    subjects: {
      ...resource(raw, "/subjects", all),
      permissions,
      iteratePermissions: (subjectId, scopeId, query) =>
        paginate((cursor) => permissions(subjectId, scopeId, { ...query, cursor })),
    },
    memberships: resource(raw, "/memberships", [...fixed, "createBatch"]),
    roleAssignments: resource(raw, "/role-assignments", all),

    overrides: {
      permission,
      rolePermission,
      permissions: permissionOverrides,
      rolePermissions: rolePermissionOverrides,
    },

    apiKeys: { ...apiKeys, revoke },
    auditEvents: resource(raw, "/audit-events", ["get", "list", "iterate"]),
  };
}
