import createClient, { type Client } from "openapi-fetch";
import { BedrockApiError } from "./errors.js";
import { unwrap } from "./internal/unwrap.js";
import type {
  Decision,
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
  Subject,
  SubjectInput,
  Tenant,
  TenantInput,
  TenantPatch,
  User,
  UserInput,
  Workspace,
  WorkspaceInput,
  WorkspacePatch,
} from "./types.js";

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

  /** Decides up to 1,000 requests from one view of the model, answering in the same order. */
  evaluateBatch(checks: EvaluateRequest[]): Promise<Decision[]>;

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
  readonly subjects: Creates<Subject, SubjectInput>;
  /** Memberships of subjects in scopes. */
  readonly memberships: Creates<Membership, MembershipInput> & {
    /** Returns one page of memberships, filtered by subject, tenant or scope. */
    list(query?: QueryOf<"listMemberships">): Promise<Page<Membership>>;
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
  const raw = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { ...options.headers, Authorization: `Bearer ${options.token}` },
    // Looked up per call, so a mock installed after the client is made still sees requests.
    fetch: async (request) => {
      const send = options.fetch ?? globalThis.fetch;
      try {
        return await send(request);
      } catch (cause) {
        throw BedrockApiError.fromNetwork(cause);
      }
    },
  });

  const byId = (id: string) => ({ params: { path: { id } } });

  return {
    raw,

    evaluate: (request) => unwrap(raw.POST("/evaluate", { body: request })),

    evaluateBatch: async (checks) => {
      const body = await unwrap(raw.POST("/evaluate/batch", { body: { checks } }));
      return body.decisions;
    },

    tenants: {
      create: (input) => unwrap(raw.POST("/tenants", { body: input })),
      get: (id) => unwrap(raw.GET("/tenants/{id}", byId(id))),
      list: (query) => unwrap(raw.GET("/tenants", { params: { query } })),
      update: (id, patch) => unwrap(raw.PATCH("/tenants/{id}", { ...byId(id), body: patch })),
      delete: (id) => unwrap(raw.DELETE("/tenants/{id}", byId(id))),
    },

    workspaces: {
      create: (input) => unwrap(raw.POST("/workspaces", { body: input })),
      get: (id) => unwrap(raw.GET("/workspaces/{id}", byId(id))),
      list: (query) => unwrap(raw.GET("/workspaces", { params: { query } })),
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
    },

    memberships: {
      create: (input) => unwrap(raw.POST("/memberships", { body: input })),
      list: (query) => unwrap(raw.GET("/memberships", { params: { query } })),
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
