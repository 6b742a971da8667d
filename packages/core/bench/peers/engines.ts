import {
  type AuthorizationAnswer,
  isAuthorized,
  preparsePolicySet,
  statefulIsAuthorized,
} from "@cedar-policy/cedar-wasm/nodejs";
import type { Enforcer } from "casbin";
import { AuthorizationIndex } from "../../src/evaluator/authorization-index.js";
import type { EvaluateRequest } from "../../src/evaluator/decision.js";
import { compileTenantIndex } from "../../src/evaluator/tenant-index.js";
import { SnapshotStore } from "../snapshot-store.js";
import { casbinRequest, casbinRows, loadCasbin } from "./casbin-peer.js";
import { type CedarModel, cedarModel, cedarRequest } from "./cedar-peer.js";
import { overrideLevels } from "./override-levels.js";
import type { SubModel } from "./sub-model.js";
import { timedMedian } from "./timing.js";

const cedarSetId = "bedrock-bench";

/** How long each step of loading the sub-model took, in milliseconds. */
export interface LoadTimes {
  bedrockCompile: number;
  casbinTranslate: number;
  casbinLoad: number;
  cedarTranslate: number;
  cedarParse: number;
}

/** The three engines, loaded with the same sub-model. */
export interface Engines {
  index: AuthorizationIndex;
  casbin: Enforcer;
  cedar: CedarModel;
  nowMs: number;
  times: LoadTimes;
  /** What the translations produced, for the printed description. */
  sizes: { gRows: number; pRows: number; cedarPolicies: number };
}

function cedarAllows(answer: AuthorizationAnswer): boolean {
  if (answer.type === "failure") {
    throw new Error(`Cedar could not decide: ${answer.errors.map((e) => e.message).join("; ")}`);
  }
  return answer.response.decision === "allow";
}

/**
 * Loads the sub-model into Bedrock, casbin and Cedar, timing each step as
 * the median of `runs` after a warm-up. Translation is timed apart from
 * loading: it stands for reading the records out of storage.
 */
export async function loadEngines(model: SubModel, nowMs: number, runs: number): Promise<Engines> {
  const { snapshot } = model;
  const [, bedrockCompile] = await timedMedian(runs, () => compileTenantIndex(snapshot));
  const index = new AuthorizationIndex(new SnapshotStore([snapshot], model.subjects), () => nowMs);
  await index.init();

  const levels = overrideLevels(model);
  const [rows, casbinTranslate] = await timedMedian(runs, () => casbinRows(model, levels, nowMs));
  const [casbin, casbinLoad] = await timedMedian(runs, () => loadCasbin(rows));

  const [cedar, cedarTranslate] = await timedMedian(runs, () => cedarModel(model, levels));
  const [parsed, cedarParse] = await timedMedian(runs, () =>
    preparsePolicySet(cedarSetId, { staticPolicies: cedar.policies }),
  );
  if (parsed.type === "failure") {
    const messages = parsed.errors.map((e) => e.message).join("; ");
    throw new Error(`Cedar refused the policies: ${messages}`);
  }

  return {
    index,
    casbin,
    cedar,
    nowMs,
    times: { bedrockCompile, casbinTranslate, casbinLoad, cedarTranslate, cedarParse },
    sizes: {
      gRows: rows.grouping.length,
      pRows: rows.policies.length,
      cedarPolicies: Object.keys(cedar.policies).length,
    },
  };
}

/** casbin's answer through the asynchronous `enforce`. */
export function casbinAllows(engines: Engines, check: EvaluateRequest): Promise<boolean> {
  return engines.casbin.enforce(...casbinRequest(check));
}

/** casbin's answer through `enforceSync`, for matchers with no asynchronous function. */
export function casbinAllowsSync(engines: Engines, check: EvaluateRequest): boolean {
  return engines.casbin.enforceSync(...casbinRequest(check));
}

/** Cedar's answer from the policy set parsed at load time. */
export function cedarAllowsPreparsed(engines: Engines, check: EvaluateRequest): boolean {
  const request = cedarRequest(engines.cedar, check, engines.nowMs);
  return cedarAllows(statefulIsAuthorized({ ...request, preparsedPolicySetId: cedarSetId }));
}

/** Cedar's answer from `isAuthorized`, which parses the policy text on every call. */
export function cedarAllowsParsing(engines: Engines, check: EvaluateRequest): boolean {
  const request = cedarRequest(engines.cedar, check, engines.nowMs);
  const policies = { staticPolicies: engines.cedar.policies };
  return cedarAllows(isAuthorized({ ...request, policies }));
}
