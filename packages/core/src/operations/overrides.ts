import { BedrockError, invalidField } from "../errors.js";
import type { Permission, Scope } from "../model/entities.js";
import { clientIdProblem, generateId } from "../model/ids.js";
import type { Caller } from "./caller.js";
import type { PermissionOverrideInput, RolePermissionOverrideInput } from "./inputs.js";
import type { Mutation } from "./mutation.js";
import { requireSameTenant, scopePath } from "./scope-tree.js";
import { loadVisible } from "./visible-records.js";

async function requireStrictDescendant(m: Mutation, child: Scope, permission: Permission) {
  const path = await scopePath(m, child);
  const below = path.slice(1).some((scope) => scope.id === permission.scopeId);
  if (!below) {
    const message = `childScopeId ${child.id} must be strictly below the permission's scope ${permission.scopeId}`;
    throw new BedrockError("invalid_reference", message);
  }
}

function overrideId(requested: string | undefined): string {
  if (requested === undefined) return generateId("override");
  const problem = clientIdProblem("override", requested);
  if (problem !== undefined) throw invalidField("body.id", `id ${problem}`);
  return requested;
}

/** The result of an upsert: the record and whether it was new. */
export interface Upserted<T> {
  record: T;
  created: boolean;
}

/** Creates or updates the override of one permission at a scope below it. */
export async function upsertPermissionOverride(
  m: Mutation,
  caller: Caller,
  input: PermissionOverrideInput,
) {
  const child = await loadVisible(m, caller, "scopes", input.childScopeId);
  const permission = await loadVisible(m, caller, "permissions", input.permissionId);
  requireSameTenant(child, permission, "an override");
  await requireStrictDescendant(m, child, permission);

  const target = { childScopeId: child.id, permissionId: permission.id };
  const [existing] = await m.find("permissionOverrides", target);
  if (existing !== undefined) {
    const record = await m.update("permissionOverrides", existing, { state: input.state });
    return { record, created: false };
  }
  const id = overrideId(input.id);
  if ((await m.get("permissionOverrides", id)) !== undefined) {
    throw new BedrockError("already_exists", `id ${id} is already taken`);
  }
  const record = await m.insert("permissionOverrides", {
    id,
    tenantId: child.tenantId,
    ...target,
    state: input.state,
    createdAt: m.now,
    updatedAt: m.now,
  });
  return { record, created: true };
}

/** Creates or updates the override of one role's permission at a scope below it. */
export async function upsertRolePermissionOverride(
  m: Mutation,
  caller: Caller,
  input: RolePermissionOverrideInput,
) {
  const child = await loadVisible(m, caller, "scopes", input.childScopeId);
  const role = await loadVisible(m, caller, "roles", input.roleId);
  const permission = await loadVisible(m, caller, "permissions", input.permissionId);
  requireSameTenant(child, permission, "an override");
  requireSameTenant(child, role, "an override");
  await requireStrictDescendant(m, child, permission);

  const target = { childScopeId: child.id, roleId: role.id, permissionId: permission.id };
  const [existing] = await m.find("rolePermissionOverrides", target);
  if (existing !== undefined) {
    const record = await m.update("rolePermissionOverrides", existing, { state: input.state });
    return { record, created: false };
  }
  const id = overrideId(input.id);
  if ((await m.get("rolePermissionOverrides", id)) !== undefined) {
    throw new BedrockError("already_exists", `id ${id} is already taken`);
  }
  const record = await m.insert("rolePermissionOverrides", {
    id,
    tenantId: child.tenantId,
    ...target,
    state: input.state,
    createdAt: m.now,
    updatedAt: m.now,
  });
  return { record, created: true };
}
