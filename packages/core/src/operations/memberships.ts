import { BedrockError } from "../errors.js";
import type { Membership, RoleAssignment } from "../model/entities.js";
import type { Caller } from "./caller.js";
import { takeId } from "./ids.js";
import type { MembershipInput, RoleAssignmentInput } from "./inputs.js";
import type { Mutation } from "./mutation.js";
import { isSelfOrAncestor, requireSameTenant } from "./scope-tree.js";
import { requireUserSlot } from "./user-limit.js";
import { loadVisible } from "./visible-records.js";

/** A time as one canonical ISO string, so equal instants compare equal. */
export function normalizeTime(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** Places a subject at a scope. */
export async function createMembership(m: Mutation, caller: Caller, input: MembershipInput) {
  const scope = await loadVisible(m, caller, "scopes", input.scopeId);
  const subject = await loadVisible(m, caller, "subjects", input.subjectId);
  requireSameTenant(subject, scope, "a membership of a subject with another home tenant");
  const id = await takeId(m, "memberships", "membership", input.id);

  const [existing] = await m.find("memberships", { subjectId: subject.id, scopeId: scope.id });
  if (existing !== undefined) {
    const message = `subject ${subject.id} is already a member of ${scope.id} (${existing.id})`;
    throw new BedrockError("already_exists", message);
  }
  if (subject.subjectType === "user") await requireUserSlot(m, scope.tenantId, subject.id);

  const membership: Membership = {
    id,
    subjectId: subject.id,
    scopeId: scope.id,
    tenantId: scope.tenantId,
    createdAt: m.now,
    updatedAt: m.now,
  };
  return m.insert("memberships", membership);
}

/** Gives a membership a role defined at its scope or above. */
export async function createRoleAssignment(
  m: Mutation,
  caller: Caller,
  input: RoleAssignmentInput,
) {
  const membership = await loadVisible(m, caller, "memberships", input.membershipId);
  const role = await loadVisible(m, caller, "roles", input.roleId);
  requireSameTenant(role, membership, "assigning a role to a membership");

  const scope = await m.get("scopes", membership.scopeId);
  if (scope === undefined || !(await isSelfOrAncestor(m, role.scopeId, scope))) {
    const message = `role ${role.id} is defined at ${role.scopeId}, which is not the membership's scope ${membership.scopeId} or above it`;
    throw new BedrockError("invalid_reference", message);
  }
  const id = await takeId(m, "roleAssignments", "roleAssignment", input.id);
  const [existing] = await m.find("roleAssignments", {
    roleId: role.id,
    membershipId: membership.id,
  });
  if (existing !== undefined) {
    const message = `membership ${membership.id} already has role ${role.id} (${existing.id})`;
    throw new BedrockError("already_exists", message);
  }

  const assignment: RoleAssignment = {
    id,
    tenantId: membership.tenantId,
    roleId: role.id,
    membershipId: membership.id,
    expiresAt: normalizeTime(input.expiresAt ?? null),
    createdAt: m.now,
    updatedAt: m.now,
  };
  return m.insert("roleAssignments", assignment);
}
