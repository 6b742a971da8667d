import { BedrockError, invalidField } from "../errors.js";
import type { Grant, Permission, Role, Scope } from "../model/entities.js";
import { generateId } from "../model/ids.js";
import { namePattern, permissionKeyOf, resourcePatternPattern } from "../model/names.js";
import type { Caller } from "./caller.js";
import { takeId } from "./ids.js";
import type { PermissionInput, RoleInput, RolePatch } from "./inputs.js";
import type { Mutation } from "./mutation.js";
import { isSelfOrAncestor, requireSameTenant } from "./scope-tree.js";
import { loadVisible } from "./visible-records.js";

async function requireFreeRoleName(m: Mutation, scopeId: string, name: string, selfId?: string) {
  const [holder] = await m.find("roles", { scopeId, name });
  if (holder !== undefined && holder.id !== selfId) {
    throw new BedrockError("already_exists", `a role named "${name}" exists at ${scopeId}`);
  }
}

/** Creates a role at a scope, optionally granting it permissions. */
export async function createRole(m: Mutation, caller: Caller, input: RoleInput) {
  const scope = await loadVisible(m, caller, "scopes", input.scopeId);
  const id = await takeId(m, "roles", "role", input.id);
  await requireFreeRoleName(m, scope.id, input.name);
  const role: Role = {
    id,
    tenantId: scope.tenantId,
    scopeId: scope.id,
    name: input.name,
    description: input.description ?? null,
    createdAt: m.now,
    updatedAt: m.now,
  };
  await m.insert("roles", role);
  if (input.permissionIds !== undefined) {
    await grantPermissions(m, caller, role, input.permissionIds);
  }
  return role;
}

/** Renames or re-describes a role. */
export async function updateRole(m: Mutation, role: Role, patch: RolePatch) {
  if (patch.name !== undefined) await requireFreeRoleName(m, role.scopeId, patch.name, role.id);
  return m.update("roles", role, patch);
}

function checkNames(input: PermissionInput): void {
  for (const field of ["action", "resourceType"] as const) {
    if (!namePattern.test(input[field])) {
      const message = `${field} must be 1 to 64 characters of A-Z a-z 0-9 _ . - or exactly *`;
      throw invalidField(`body.${field}`, message);
    }
  }
  const pattern = input.resourcePattern ?? "*";
  if (!resourcePatternPattern.test(pattern)) {
    const message = "resourcePattern must be 1 to 256 printable characters";
    throw invalidField("body.resourcePattern", message);
  }
}

/** Creates a permission at a scope; its key is derived and unique there. */
export async function createPermission(m: Mutation, caller: Caller, input: PermissionInput) {
  checkNames(input);
  const scope = await loadVisible(m, caller, "scopes", input.scopeId);
  const resourcePattern = input.resourcePattern ?? "*";
  const key = permissionKeyOf({ ...input, resourcePattern });
  if (input.key !== undefined && input.key !== key) {
    throw invalidField("body.key", `key must be "${key}" (resourceType:action:resourcePattern)`);
  }
  const id = await takeId(m, "permissions", "permission", input.id);
  const [holder] = await m.find("permissions", { scopeId: scope.id, key });
  if (holder !== undefined) {
    const message = `permission ${key} already exists at ${scope.id} (${holder.id})`;
    throw new BedrockError("already_exists", message);
  }
  const permission: Permission = {
    id,
    tenantId: scope.tenantId,
    scopeId: scope.id,
    action: input.action,
    resourceType: input.resourceType,
    resourcePattern,
    key,
    description: input.description ?? null,
    createdAt: m.now,
    updatedAt: m.now,
  };
  return m.insert("permissions", permission);
}

async function requireGrantable(m: Mutation, role: Role, permission: Permission, scope: Scope) {
  requireSameTenant(role, permission, "granting a permission to a role");
  if (!(await isSelfOrAncestor(m, permission.scopeId, scope))) {
    const message = `permission ${permission.id} is defined at ${permission.scopeId}, which is not the role's scope ${role.scopeId} or above it`;
    throw new BedrockError("invalid_reference", message);
  }
}

/** Grants permissions to a role; granting one it already holds changes nothing. */
export async function grantPermissions(
  m: Mutation,
  caller: Caller,
  role: Role,
  permissionIds: readonly string[],
): Promise<Grant[]> {
  const scope = await loadVisible(m, caller, "scopes", role.scopeId);
  const grants: Grant[] = [];
  for (const permissionId of new Set(permissionIds)) {
    const permission = await loadVisible(m, caller, "permissions", permissionId);
    await requireGrantable(m, role, permission, scope);
    const [existing] = await m.find("grants", { roleId: role.id, permissionId });
    if (existing !== undefined) {
      grants.push(existing);
      continue;
    }
    const grant: Grant = {
      id: generateId("grant"),
      tenantId: role.tenantId,
      roleId: role.id,
      permissionId,
      createdAt: m.now,
      updatedAt: m.now,
    };
    grants.push(await m.insert("grants", grant));
  }
  return grants;
}
