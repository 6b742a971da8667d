import type { Decision, EvaluateRequest } from "../../src/evaluator/decision.js";

/** Which of Bedrock's evaluation rules a peer model carries, in words. */
export interface Coverage {
  /** Rules the peer's own model and engine decide. */
  expressed: string[];
  /** Rules the translation settles once, at load time, on the peer's behalf. */
  atLoad: string[];
  /** Rules the peer cannot carry; checks that need them are left out. */
  missing: string[];
}

/** A rule a check needs that a peer model cannot express. */
export type Gap = "pair_override" | "delegation" | "glob_reach";

/** Words for each gap, as the comparison prints them. */
export const gapWords: Record<Gap, string> = {
  pair_override: "an override drops one pair while another allows",
  delegation: "on behalf of another subject",
  glob_reach: "resource id that minimatch reads differently",
};

/**
 * What, if anything, keeps a peer from answering `check` as Bedrock does.
 * `explained` is Bedrock's answer to the check with `explain: true`, whose
 * trace lists every matching pair an override disabled.
 */
export function gapsOf(check: EvaluateRequest, explained: Decision): Set<Gap> {
  const gaps = new Set<Gap>();
  if (check.onBehalfOf !== undefined) gaps.add("delegation");

  const disabled = explained.trace?.some((s) => s.step === "override" && s.outcome === "fail");
  if (explained.allowed && disabled === true) gaps.add("pair_override");

  const id = check.resource.resourceId;
  if (id !== undefined && (id.includes("/") || id.startsWith("."))) gaps.add("glob_reach");
  return gaps;
}
