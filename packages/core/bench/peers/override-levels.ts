import type { Permission } from "../../src/model/entities.js";
import type { SubModel } from "./sub-model.js";

type State = "enabled" | "disabled";

/** A level of the scope tree that decides a role-permission pair, and how. */
export interface OverrideLevel {
  roleId: string;
  permission: Permission;
  scopeId: string;
  state: State;
}

function statesOf(map: Map<string, Map<string, State>>, key: string): Map<string, State> {
  let states = map.get(key);
  if (states === undefined) {
    states = new Map();
    map.set(key, states);
  }
  return states;
}

/**
 * Every scope that holds an override for a granted role-permission pair,
 * with the state that decides there: the role-permission override when the
 * level has one, else the permission override. Peers cannot weigh the two
 * kinds against each other, so their loaders start from this list.
 */
export function overrideLevels(model: SubModel): OverrideLevel[] {
  const { snapshot } = model;
  const permissions = new Map(snapshot.permissions.map((p) => [p.id, p]));
  const byPermission = new Map<string, Map<string, State>>();
  for (const o of snapshot.permissionOverrides) {
    statesOf(byPermission, o.permissionId).set(o.childScopeId, o.state);
  }
  const byPair = new Map<string, Map<string, State>>();
  for (const o of snapshot.rolePermissionOverrides) {
    statesOf(byPair, `${o.roleId} ${o.permissionId}`).set(o.childScopeId, o.state);
  }

  const levels: OverrideLevel[] = [];
  for (const { roleId, permissionId } of snapshot.grants) {
    const permission = permissions.get(permissionId);
    if (permission === undefined) continue;

    const general = byPermission.get(permissionId) ?? new Map<string, State>();
    const specific = byPair.get(`${roleId} ${permissionId}`) ?? new Map<string, State>();
    for (const scopeId of new Set([...general.keys(), ...specific.keys()])) {
      const state = specific.get(scopeId) ?? general.get(scopeId);
      if (state !== undefined) levels.push({ roleId, permission, scopeId, state });
    }
  }
  return levels;
}
