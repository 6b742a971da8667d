import createClient, { type Client } from "openapi-fetch";
import { BedrockApiError } from "./errors.js";
import { freshness, observe } from "./internal/freshness.js";
import { RevisionTracker } from "./internal/revision-tracker.js";
import { unwrap } from "./internal/unwrap.js";
import { paginate } from "./paginate.js";
import type {
  Decision,
  EffectivePermission,
  EffectivePermissionPage,
  Environment,
  EnvironmentInput,
  EvaluateRequest,
  Grant,
  Membership,
  MembershipInput,
  Page,
  Permission,
  PermissionInput,
  PermissionOverride,
  PermissionOverrideInput,
  Project,
  ProjectInput,
  paths,
  QueryOf,
  Role,
  RoleAssignment,
  RoleAssignmentInput,
  RoleInput,
  RolePermissionOverride,
  RolePermissionOverrideInput,
  ScopeLookupPage,
  ScopeLookupRequest,
  ScopeMatch,
  Subject,
  SubjectInput,
  SubjectLookupPage,
  SubjectLookupRequest,
  SubjectMatch,
  Tenant,
  TenantInput,
  TenantPatch,
  User,
  UserInput,
  Workspace,
  WorkspaceInput,
  WorkspacePatch,
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
   * `Bedrock-Revision` it has been answered with, and sends it as
   * `minRevision` on evaluate, batch and lookup calls. A replica that has not
   * caught up yet then reloads, or answers 409 `revision_not_reached`.
   * `eventual` (the default) sends nothing.
   */
  consistency?: Consistency;
}

/** Creates one kind of record and returns it as stored; throws `BedrockApiError` on failure. */
export interface Creates<T, Input> {
  /** Creates one and returns it as stored. */
  create(input: Input): Promise<T>;
}

/** Create, get, list, update and delete for one kind of record; each throws `BedrockApiError`. */
export interface RecordMethods<T, Input, Patch, Query> extends Creates<T, Input> {
  /** Returns the one with this id. */
  get(id: string): Promise<T>;
  /** Returns one page; pass `nextCursor` back as `cursor` for the next. */
  list(query?: Query): Promise<Page<T>>;
  /** Yields every item of the list, fetching pages as the loop reaches them. */
  iterate(query?: Omit<Query, "cursor">): AsyncGenerator<T, void, undefined>;
  /** Changes the given fields and returns the result. */
  update(id: string, patch: Patch): Promise<T>;
  /** Deletes it and what can no longer stand without it. */
  delete(id: string): Promise<void>;
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
  readonly tenants: RecordMethods<Tenant, TenantInput, TenantPatch, QueryOf<"listTenants">>;
  /** Workspaces inside tenants. */
  readonly workspaces: RecordMethods<
    Workspace,
    WorkspaceInput,
    WorkspacePatch,
    QueryOf<"listWorkspaces">
  >;
  /** Projects inside workspaces. */
  readonly projects: Creates<Project, ProjectInput>;
  /** Environments inside projects. */
  readonly environments: Creates<Environment, EnvironmentInput>;

  /** Roles defined at a scope. */
  readonly roles: Creates<Role, RoleInput> & {
    /** Creates several roles, all or none, and returns them in order. */
    createBatch(items: RoleInput[]): Promise<Role[]>;
    /** Grants permissions to a role and returns the grants. */
    grant(roleId: string, permissionIds: string[]): Promise<Grant[]>;
  };
  /** Permissions defined at a scope. */
  readonly permissions: Creates<Permission, PermissionInput> & {
    /** Creates several permissions, all or none, and returns them in order. */
    createBatch(items: PermissionInput[]): Promise<Permission[]>;
  };

  /** Users, each backed by a subject. */
  readonly users: Creates<User, UserInput>;
  /** Subjects: users and agents. */
  readonly subjects: Creates<Subject, SubjectInput> & {
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
  /** Memberships of subjects in scopes. */
  readonly memberships: Creates<Membership, MembershipInput> & {
    /** Returns one page of memberships, filtered by subject, tenant or scope. */
    list(query?: QueryOf<"listMemberships">): Promise<Page<Membership>>;
    /**
     * Yields every membership matching the filters, fetching pages as needed.
     *
     * @example
     * for await (const membership of bedrock.memberships.iterate({ subjectId })) {
     *   console.log(membership.scopeId);
     * }
     */
    iterate(
      query?: Omit<QueryOf<"listMemberships">, "cursor">,
    ): AsyncGenerator<Membership, void, undefined>;
  };
  /** Roles given to memberships. */
  readonly roleAssignments: Creates<RoleAssignment, RoleAssignmentInput>;

  /** Overrides that switch permissions on or off in a child scope. */
  readonly overrides: {
    /** Sets the state of a permission in a child scope, for every role there. */
    permission(input: PermissionOverrideInput): Promise<PermissionOverride>;
    /** Sets the state of one role's permission in a child scope. */
    rolePermission(input: RolePermissionOverrideInput): Promise<RolePermissionOverride>;
  };
}

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
      if (tracker !== undefined) await observe(tracker, request, response);
      return response;
    },
  });

  const byId = (id: string) => ({ params: { path: { id } } });
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

  const listTenants = (query?: QueryOf<"listTenants">) =>
    unwrap(raw.GET("/tenants", { params: { query } }));
  const listWorkspaces = (query?: QueryOf<"listWorkspaces">) =>
    unwrap(raw.GET("/workspaces", { params: { query } }));
  const listMemberships = (query?: QueryOf<"listMemberships">) =>
    unwrap(raw.GET("/memberships", { params: { query } }));

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

    tenants: {
      create: (input) => unwrap(raw.POST("/tenants", { body: input })),
      get: (id) => unwrap(raw.GET("/tenants/{id}", byId(id))),
      list: listTenants,
      iterate: (query) => paginate((cursor) => listTenants({ ...query, cursor })),
      update: (id, patch) => unwrap(raw.PATCH("/tenants/{id}", { ...byId(id), body: patch })),
      delete: (id) => unwrap(raw.DELETE("/tenants/{id}", byId(id))),
    },

    workspaces: {
      create: (input) => unwrap(raw.POST("/workspaces", { body: input })),
      get: (id) => unwrap(raw.GET("/workspaces/{id}", byId(id))),
      list: listWorkspaces,
      iterate: (query) => paginate((cursor) => listWorkspaces({ ...query, cursor })),
      update: (id, patch) => unwrap(raw.PATCH("/workspaces/{id}", { ...byId(id), body: patch })),
      delete: (id) => unwrap(raw.DELETE("/workspaces/{id}", byId(id))),
    },

    projects: {
      create: (input) => unwrap(raw.POST("/projects", { body: input })),
    },

    environments: {
      create: (input) => unwrap(raw.POST("/environments", { body: input })),
    },

    roles: {
      create: (input) => unwrap(raw.POST("/roles", { body: input })),
      createBatch: async (items) => {
        const body = await unwrap(raw.POST("/roles/batch", { body: items }));
        return body.data;
      },
      grant: async (roleId, permissionIds) => {
        const body = await unwrap(
          raw.POST("/roles/{roleId}/permissions", {
            params: { path: { roleId } },
            body: { permissionIds },
          }),
        );
        return body.data;
      },
    },

    permissions: {
      create: (input) => unwrap(raw.POST("/permissions", { body: input })),
      createBatch: async (items) => {
        const body = await unwrap(raw.POST("/permissions/batch", { body: items }));
        return body.data;
      },
    },

    users: {
      create: (input) => unwrap(raw.POST("/users", { body: input })),
    },

    subjects: {
      create: (input) => unwrap(raw.POST("/subjects", { body: input })),
      permissions,
      iteratePermissions: (subjectId, scopeId, query) =>
        paginate((cursor) => permissions(subjectId, scopeId, { ...query, cursor })),
    },

    memberships: {
      create: (input) => unwrap(raw.POST("/memberships", { body: input })),
      list: listMemberships,
      iterate: (query) => paginate((cursor) => listMemberships({ ...query, cursor })),
    },

    roleAssignments: {
      create: (input) => unwrap(raw.POST("/role-assignments", { body: input })),
    },

    overrides: {
      permission: (input) => unwrap(raw.POST("/scope-overrides/permissions", { body: input })),
      rolePermission: (input) =>
        unwrap(raw.POST("/scope-overrides/role-permissions", { body: input })),
    },
  };
}
