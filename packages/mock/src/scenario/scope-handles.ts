import type { PermissionInput, SubjectInput, TenantInput, UserInput } from "@bedrock/core";
import { scopeIdFor } from "@bedrock/core";
import {
  PermissionHandle,
  RoleHandle,
  type ScopeRef,
  SubjectHandle,
  UserHandle,
} from "./access-handles.js";
import { derivedId, scopeSuffixOf, slugOf, suffixOf } from "./derived-ids.js";
import { idOf, type Plan, type Ref } from "./plan.js";

/** Fields of a tenant; name and slug default to the id's suffix. */
export type TenantFields = Partial<Omit<TenantInput, "id">>;

/** Fields of a workspace, project or environment; the name defaults to the id's suffix. */
export interface NamedFields {
  name?: string;
  description?: string | null;
}

/** Fields of a role; `permissions` are granted when the role is created. */
export interface RoleFields extends NamedFields {
  permissions?: Ref<PermissionHandle>[];
}

/**
 * A permission's fields, or its key alone: `"customer:read:*"` is
 * `{ resourceType: "customer", action: "read", resourcePattern: "*" }`.
 */
export type PermissionFields = Omit<PermissionInput, "id" | "scopeId"> | string;

/** Fields of a user; its record id defaults to `user_` and the subject id's suffix. */
export type UserFields = Omit<UserInput, "subjectId">;

/** Fields of an agent. */
export type AgentFields = Omit<SubjectInput, "id" | "subjectType">;

/** How an override is made. */
export interface OverrideOptions {
  /** Limits the override to this role's hold on the permission. */
  role?: Ref<RoleHandle>;
  /** The override's id; derived from the scope, role and permission when absent. */
  id?: string;
}

function permissionInput(id: string, scopeId: string, fields: PermissionFields): PermissionInput {
  if (typeof fields !== "string") return { id, scopeId, ...fields };

  const [resourceType, action, ...pattern] = fields.split(":");
  if (resourceType === undefined || action === undefined) {
    const message = `permission ${id}: write its key as resourceType:action:resourcePattern, not "${fields}"`;
    throw new Error(message);
  }
  const resourcePattern = pattern.length === 0 ? "*" : pattern.join(":");
  return { id, scopeId, action, resourceType, resourcePattern };
}

function keyOf(input: PermissionInput): string {
  return `${input.resourceType}:${input.action}:${input.resourcePattern ?? "*"}`;
}

/** A node of the scope tree declared in a scenario, where roles, permissions and overrides go. */
export class ScopeHandle implements ScopeRef {
  constructor(
    protected readonly plan: Plan,
    readonly id: string,
    readonly scopeId: string,
  ) {}

  /** Declares a role at this scope. */
  role(id: string, fields: RoleFields = {}): RoleHandle {
    const { permissions, ...rest } = fields;
    this.plan.add({
      operation: "createRole",
      input: {
        id,
        scopeId: this.scopeId,
        name: rest.name ?? suffixOf(id),
        description: rest.description ?? null,
        permissionIds: permissions?.map(idOf),
      },
    });
    return new RoleHandle(this.plan, id);
  }

  /** Declares a permission at this scope, from its fields or its key. */
  permission(id: string, fields: PermissionFields): PermissionHandle {
    const input = permissionInput(id, this.scopeId, fields);
    this.plan.add({ operation: "createPermission", input });
    return new PermissionHandle(id, keyOf(input));
  }

  /** Disables a permission here and below, for every role or for one. */
  disable(permission: Ref<PermissionHandle>, options: OverrideOptions = {}): this {
    return this.override(permission, "disabled", options);
  }

  /** Enables a permission here and below, undoing a disable higher up. */
  enable(permission: Ref<PermissionHandle>, options: OverrideOptions = {}): this {
    return this.override(permission, "enabled", options);
  }

  private override(
    permission: Ref<PermissionHandle>,
    state: "enabled" | "disabled",
    options: OverrideOptions,
  ): this {
    const permissionId = idOf(permission);
    const where = scopeSuffixOf(this.scopeId);
    if (options.role === undefined) {
      const id = options.id ?? derivedId("ovr_", where, suffixOf(permissionId));
      this.plan.add({
        operation: "upsertPermissionOverride",
        input: { id, childScopeId: this.scopeId, permissionId, state },
      });
      return this;
    }

    const roleId = idOf(options.role);
    const id = options.id ?? derivedId("ovr_", where, suffixOf(roleId), suffixOf(permissionId));
    this.plan.add({
      operation: "upsertRolePermissionOverride",
      input: { id, childScopeId: this.scopeId, roleId, permissionId, state },
    });
    return this;
  }
}

/** An environment declared in a scenario. */
export class EnvironmentHandle extends ScopeHandle {}

/** A project declared in a scenario. */
export class ProjectHandle extends ScopeHandle {
  /** Declares an environment of this project. */
  environment(id: string, fields: NamedFields = {}): EnvironmentHandle {
    this.plan.add({
      operation: "createEnvironment",
      input: { ...fields, id, projectId: this.id, name: fields.name ?? suffixOf(id) },
    });
    return new EnvironmentHandle(this.plan, id, scopeIdFor("environment", id));
  }
}

/** A workspace declared in a scenario. */
export class WorkspaceHandle extends ScopeHandle {
  /** Declares a project in this workspace. */
  project(id: string, fields: NamedFields = {}): ProjectHandle {
    this.plan.add({
      operation: "createProject",
      input: { ...fields, id, workspaceId: this.id, name: fields.name ?? suffixOf(id) },
    });
    return new ProjectHandle(this.plan, id, scopeIdFor("project", id));
  }
}

/** A tenant declared in a scenario. */
export class TenantHandle extends ScopeHandle {
  /** Declares a workspace in this tenant. */
  workspace(id: string, fields: NamedFields = {}): WorkspaceHandle {
    this.plan.add({
      operation: "createWorkspace",
      input: { ...fields, id, tenantId: this.id, name: fields.name ?? suffixOf(id) },
    });
    return new WorkspaceHandle(this.plan, id, scopeIdFor("workspace", id));
  }

  /** Declares an agent whose home is this tenant, as a tenant-bound key would create it. */
  agent(subjectId: string, fields: AgentFields = {}): SubjectHandle {
    return declareAgent(this.plan, subjectId, { ...fields, tenantId: this.id });
  }
}

/** Declares a tenant with its root scope. */
export function declareTenant(plan: Plan, id: string, fields: TenantFields): TenantHandle {
  const input = {
    ...fields,
    id,
    name: fields.name ?? suffixOf(id),
    slug: fields.slug ?? slugOf(id),
  };
  plan.add({ operation: "createTenant", input });
  return new TenantHandle(plan, id, scopeIdFor("tenant", id));
}

/** Declares a user record and its subject. */
export function declareUser(plan: Plan, subjectId: string, fields: UserFields): UserHandle {
  const userId = fields.id ?? `user_${suffixOf(subjectId)}`;
  plan.add({ operation: "createUser", input: { ...fields, id: userId, subjectId } });
  return new UserHandle(plan, subjectId, userId);
}

/** Declares an agent subject. */
export function declareAgent(plan: Plan, subjectId: string, fields: AgentFields): SubjectHandle {
  plan.add({
    operation: "createSubject",
    input: { ...fields, id: subjectId, subjectType: "agent" },
  });
  return new SubjectHandle(plan, subjectId, "agent");
}
