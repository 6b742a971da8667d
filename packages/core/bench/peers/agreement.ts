import type { EvaluateRequest } from "../../src/evaluator/decision.js";
import { evaluate } from "../../src/evaluator/evaluate.js";
import { type Gap, gapsOf } from "./coverage.js";
import { casbinAllows, cedarAllowsPreparsed, type Engines } from "./engines.js";

/** One sampled check with every engine's answer. */
export interface Sampled {
  check: EvaluateRequest;
  /** Bedrock's answer. */
  allowed: boolean;
  /** Whether an override decided one of the pairs that matched, either way. */
  overridden: boolean;
  gaps: Set<Gap>;
  casbin: boolean;
  cedar: boolean;
}

/** A peer, as `Sampled` names its answer. */
export type PeerName = "casbin" | "cedar";

/** How far a peer's answers agree with Bedrock's. */
export interface PeerTally {
  agreed: number;
  /** Checks left out because the peer cannot express a rule they need, by rule. */
  excluded: Map<Gap, number>;
  /** How many checks the peer can express. */
  expressible: number;
  /** Of those, the ones the peer answers as Bedrock does: the ones worth timing. */
  comparable: EvaluateRequest[];
}

/** Runs every check through Bedrock (with a trace) and both peers. */
export async function answerAll(checks: EvaluateRequest[], engines: Engines): Promise<Sampled[]> {
  const context = await engines.index.contextFor(checks.map((check) => check.scopeId));
  const sampled: Sampled[] = [];
  for (const check of checks) {
    const explained = evaluate({ ...check, explain: true }, context);
    sampled.push({
      check,
      allowed: explained.allowed,
      overridden: explained.trace?.some((step) => step.step === "override") === true,
      gaps: gapsOf(check, explained),
      casbin: await casbinAllows(engines, check),
      cedar: cedarAllowsPreparsed(engines, check),
    });
  }
  return sampled;
}

/** Counts agreement for one peer, leaving out checks that need one of `gaps`. */
export function tally(
  sampled: readonly Sampled[],
  peer: PeerName,
  gaps: readonly Gap[],
): PeerTally {
  const result: PeerTally = { agreed: 0, excluded: new Map(), expressible: 0, comparable: [] };
  for (const entry of sampled) {
    const agrees = entry[peer] === entry.allowed;
    if (agrees) result.agreed += 1;

    const gap = gaps.find((kind) => entry.gaps.has(kind));
    if (gap !== undefined) {
      result.excluded.set(gap, (result.excluded.get(gap) ?? 0) + 1);
      continue;
    }
    result.expressible += 1;
    if (agrees) result.comparable.push(entry.check);
  }
  return result;
}
