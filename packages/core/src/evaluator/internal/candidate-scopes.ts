import type { ScopeKind } from "../../model/entities.js";
import type { TenantIndex } from "../tenant-index.js";
import { byId } from "./order.js";

/** How candidates are found: walking down from memberships, or filtering every scope of the kind. */
export type CandidateStrategy = "walk" | "scan";

/**
 * Scopes of the asked kind at or below the subject's memberships, after the
 * cursor's id, in id order: no scope elsewhere can allow, since memberships
 * apply downward only.
 */
export function candidateScopes(
  index: TenantIndex,
  memberAt: ReadonlyMap<string, string>,
  kind: ScopeKind,
  after: string | undefined,
  strategy: CandidateStrategy = chooseStrategy(index, memberAt, kind),
): Iterable<string> {
  return strategy === "scan"
    ? scanKind(index, memberAt, kind, after)
    : walkDown(index, memberAt, kind, after);
}

/**
 * A few memberships are best walked down through the children map. When
 * they reach a large part of the tenant, filtering the kind's sorted list
 * from the cursor on beats sorting all the walk found, on every page.
 */
function chooseStrategy(
  index: TenantIndex,
  memberAt: ReadonlyMap<string, string>,
  kind: ScopeKind,
): CandidateStrategy {
  const ofKind = index.scopesByKind.get(kind)?.length ?? 0;
  let reach = 0;
  for (const scopeId of memberAt.keys()) {
    reach += 1 + (index.scopes.get(scopeId)?.descendants ?? 0);
  }
  return reach * 4 >= ofKind ? "scan" : "walk";
}

function walkDown(
  index: TenantIndex,
  memberAt: ReadonlyMap<string, string>,
  kind: ScopeKind,
  after: string | undefined,
): string[] {
  const found: string[] = [];
  const visited = new Set<string>();
  const pending = [...memberAt.keys()];
  for (let scopeId = pending.pop(); scopeId !== undefined; scopeId = pending.pop()) {
    // A membership below another reaches nothing new.
    if (visited.has(scopeId)) continue;
    visited.add(scopeId);
    const wanted = index.scopes.get(scopeId)?.kind === kind;
    if (wanted && (after === undefined || scopeId > after)) found.push(scopeId);
    for (const child of index.children.get(scopeId) ?? []) pending.push(child);
  }
  return found.sort(byId);
}

function* scanKind(
  index: TenantIndex,
  memberAt: ReadonlyMap<string, string>,
  kind: ScopeKind,
  after: string | undefined,
): Generator<string> {
  const ofKind = index.scopesByKind.get(kind) ?? [];
  for (let at = firstAfter(ofKind, after); at < ofKind.length; at++) {
    const scopeId = ofKind[at] ?? "";
    if (index.scopes.get(scopeId)?.path.some((id) => memberAt.has(id))) yield scopeId;
  }
}

/** The position of the first id after `after` in a sorted list, by binary search. */
function firstAfter(sorted: readonly string[], after: string | undefined): number {
  if (after === undefined) return 0;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? "") <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}
