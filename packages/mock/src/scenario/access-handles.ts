import type { SubjectType } from "@bedrock/core";
import { derivedId, scopeSuffixOf, suffixOf } from "./derived-ids.js";
import { idOf, type Plan, type Ref } from "./plan.js";

/** A permission declared in a scenario. */
export class PermissionHandle {
  constructor(
    readonly id: string,
    readonly key: string,
  ) {}
}

/** How a role assignment is made. */
export interface AssignmentOptions {
  /** The assignment's id; derived from the membership and role when absent. */
  id?: string;
  /** When the role stops applying, as an ISO-8601 time. */
  expiresAt?: string | null;
}

/** A role declared in a scenario. */
export class RoleHandle {
  constructor(
    private readonly plan: Plan,
    readonly id: string,
  ) {}

  /** Grants the role more permissions. */
  grant(...permissions: Ref<PermissionHandle>[]): this {
    this.plan.add({
      operation: "grantRolePermissions",
      input: { roleId: this.id, permissionIds: permissions.map(idOf) },
    });
    return this;
  }
}

/** A membership declared in a scenario: a subject's place at a scope. */
export class MembershipHandle {
  constructor(
    private readonly plan: Plan,
    readonly id: string,
  ) {}

  /** Assigns a role through this membership. */
  assign(role: Ref<RoleHandle>, options: AssignmentOptions = {}): this {
    const roleId = idOf(role);
    const id = options.id ?? derivedId("ra_", suffixOf(this.id), suffixOf(roleId));
    this.plan.add({
      operation: "createRoleAssignment",
      input: { id, roleId, membershipId: this.id, expiresAt: options.expiresAt ?? null },
    });
    return this;
  }
}

/** How a membership is made. */
export interface MembershipOptions {
  /** The membership's id; derived from the subject and scope when absent. */
  id?: string;
  /** Roles to assign through the membership right away. */
  roles?: Ref<RoleHandle>[];
}

/** Anything that has a scope id: a tenant, workspace, project or environment. */
export interface ScopeRef {
  id: string;
  scopeId: string;
}

/** A user or agent declared in a scenario. */
export class SubjectHandle {
  constructor(
    private readonly plan: Plan,
    readonly subjectId: string,
    readonly subjectType: SubjectType,
  ) {}

  /** The subject's record id. */
  get id(): string {
    return this.subjectId;
  }

  /** The subject as an evaluate request names it, for `actor` or `onBehalfOf`. */
  get ref(): { subjectId: string; subjectType: SubjectType } {
    return { subjectId: this.subjectId, subjectType: this.subjectType };
  }

  /**
   * Places the subject at a scope, optionally with roles. A string names the
   * scope by its scope id (`scope_project_crm`).
   */
  memberOf(scope: ScopeRef | string, options: MembershipOptions = {}): MembershipHandle {
    const scopeId = typeof scope === "string" ? scope : scope.scopeId;
    const id =
      options.id ?? derivedId("membership_", suffixOf(this.subjectId), scopeSuffixOf(scopeId));
    if (id === undefined) {
      const message = `the membership of ${this.subjectId} at ${scopeId} needs an id of at most 64 characters: pass { id }`;
      throw new Error(message);
    }
    this.plan.add({
      operation: "createMembership",
      input: { id, subjectId: this.subjectId, scopeId },
    });
    const membership = new MembershipHandle(this.plan, id);
    for (const role of options.roles ?? []) membership.assign(role);
    return membership;
  }
}

/** A user declared in a scenario: a user record and its subject. */
export class UserHandle extends SubjectHandle {
  constructor(
    plan: Plan,
    subjectId: string,
    readonly userId: string,
  ) {
    super(plan, subjectId, "user");
  }
}
