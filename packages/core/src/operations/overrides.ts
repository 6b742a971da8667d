import { BedrockError, invalidField } from "../errors.js";
import type {
  OverrideState,
  Permission,
  PermissionOverride,
  RolePermissionOverride,
  Scope,
} from "../model/entities.js";
import { clientIdProblem, generateId } from "../model/ids.js";
import type { Where } from "../store/store.js";
import type { Tables } from "../store/tables.js";
import type { Caller } from "./caller.js";
import type { PermissionOverrideInput, RolePermissionOverrideInput } from "./inputs.js";
import type { Mutation } from "./mutation.js";
import { requireSameTenant, scopePath } from "./scope-tree.js";
import { loadVisible } from "./visible-records.js";

/** The result of an upsert: the record and whether it was new. */
export interface Upserted<T> {
  record: T;
  created: boolean;
}

async function requireStrictDescendant(m: Mutation, child: Scope, permission: Permission) {
  const path = await scopePath(m, child);
  const below = path.slice(1).some((scope) => scope.id === permission.scopeId);
  if (!below) {
    const message = `childScopeId ${child.id} must be strictly below the permission's scope ${permission.scopeId}`;
    throw new BedrockError("invalid_reference", message);
  }
}

async function newOverrideId(m: Mutation, table: OverrideTable, requested?: string) {
  if (requested === undefined) return generateId("override");
  const problem = clientIdProblem("override", requested);
  if (problem !== undefined) throw invalidField("body.id", `id ${problem}`);
  if ((await m.get(table, requested)) !== undefined) {
    throw new BedrockError("already_exists", `id ${requested} is already taken`);
  }
  return requested;
}

type OverrideTable = "permissionOverrides" | "rolePermissionOverrides";
type OverrideTarget<T extends OverrideTable> = Omit<
  Tables[T],
  "id" | "tenantId" | "state" | "createdAt" | "updatedAt"
>;

/** Updates the override at `target` if there is one, else inserts it. */
async function upsert<T extends OverrideTable>(
  m: Mutation,
  table: T,
  target: OverrideTarget<T>,
  input: { id?: string; state: OverrideState },
  tenantId: string,
): Promise<Upserted<Tables[T]>> {
  const [existing] = await m.find(table, target as Where<Tables[T]>);
  if (existing !== undefined) {
    const patch = { state: input.state } as Partial<Tables[T]>;
    return { record: await m.update(table, existing, patch), created: false };
  }
  const id = await newOverrideId(m, table, input.id);
  const stamps = { createdAt: m.now, updatedAt: m.now };
  const row = { id, tenantId, ...target, state: input.state, ...stamps } as Tables[T];
  return { record: await m.insert(table, row), created: true };
}

/** Creates or updates the override of one permission at a scope below it. */
export async function upsertPermissionOverride(
  m: Mutation,
  caller: Caller,
  input: PermissionOverrideInput,
): Promise<Upserted<PermissionOverride>> {
  const child = await loadVisible(m, caller, "scopes", input.childScopeId);
  const permission = await loadVisible(m, caller, "permissions", input.permissionId);
  requireSameTenant(child, permission, "an override");
  await requireStrictDescendant(m, child, permission);

  const target = { childScopeId: child.id, permissionId: permission.id };
  return upsert(m, "permissionOverrides", target, input, child.tenantId);
}

/** Creates or updates the override of one role's permission at a scope below it. */
export async function upsertRolePermissionOverride(
  m: Mutation,
  caller: Caller,
  input: RolePermissionOverrideInput,
): Promise<Upserted<RolePermissionOverride>> {
  const child = await loadVisible(m, caller, "scopes", input.childScopeId);
  const role = await loadVisible(m, caller, "roles", input.roleId);
  const permission = await loadVisible(m, caller, "permissions", input.permissionId);
  requireSameTenant(child, permission, "an override");
  requireSameTenant(child, role, "an override");
  await requireStrictDescendant(m, child, permission);

  const target = { childScopeId: child.id, roleId: role.id, permissionId: permission.id };
  return upsert(m, "rolePermissionOverrides", target, input, child.tenantId);
}
