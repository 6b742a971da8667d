import type { AuthorizationIndex } from "../src/evaluator/authorization-index.js";
import type { EvaluateRequest } from "../src/evaluator/decision.js";
import type { LargeTenant } from "./large-tenant.js";
import { figure, printTable, throughput } from "./measure.js";
import { answerAll, type PeerTally, type Sampled, tally } from "./peers/agreement.js";
import { casbinCoverage } from "./peers/casbin-peer.js";
import { cedarCoverage } from "./peers/cedar-peer.js";
import { sampleChecks } from "./peers/checks.js";
import { type Coverage, gapWords } from "./peers/coverage.js";
import {
  casbinAllows,
  casbinAllowsSync,
  cedarAllowsParsing,
  cedarAllowsPreparsed,
  type Engines,
  loadEngines,
} from "./peers/engines.js";
import { carveWorkspace, type SubModel } from "./peers/sub-model.js";
import { onePass } from "./peers/timing.js";

/*
 * Bedrock beside two peers, casbin and Cedar, on one workspace of the
 * benchmark tenant. Each peer gets the same records in its own terms; see
 * peers/casbin-peer.ts and peers/cedar-peer.ts for the models, and their
 * coverage lists, printed below, for which of Bedrock's rules they carry.
 * Every sampled check goes through all three first; a peer is timed only on
 * the checks it can express and answers as Bedrock does, and Bedrock on the
 * same ones. Figures are meant as ratios within one run: the machine is
 * shared, so absolute rates move from run to run.
 */

const checkCount = 20_000;
const checkSeed = 7;
const batchSize = 1_000;
const loadRuns = 3;
/** Cedar takes about a millisecond a check here, so it is timed on fewer of them. */
const cedarTimedCount = 5_000;
/** `isAuthorized` parses every policy on every call, so it gets fewer still. */
const parsingCedarCount = 50;
// This workspace has a subject who is both its Lead and a project's Admin: the
// one case in the tenant where a request-wide deny answers otherwise than Bedrock.
const workspace = "scope_workspace_w08";

const ms = (value: number) => `${figure(value, value < 10 ? 1 : 0)} ms`;
const perSecond = (value: number) => `${figure(value)} /s`;
const times = (value: number) => `${figure(value, value < 10 ? 1 : 0)}×`;
const percent = (part: number, whole: number) => `${figure((100 * part) / whole, 2)}%`;

function printModels(model: SubModel): void {
  const { snapshot } = model;
  const count = (kind: string) => snapshot.scopes.filter((scope) => scope.kind === kind).length;
  const overrides = snapshot.permissionOverrides.length + snapshot.rolePermissionOverrides.length;
  console.log(`\nPeers: casbin 5.51.1 and Cedar 4.13.0 beside Bedrock, on one workspace`);
  console.log(
    `  sub-model: the root, ${workspace}, its ${figure(count("project"))} projects and` +
      ` ${figure(count("environment"))} environments (${figure(snapshot.scopes.length)} scopes),`,
  );
  console.log(
    `  ${figure(model.subjects.length)} subjects with a membership there,` +
      ` ${figure(snapshot.memberships.length)} memberships, ${figure(snapshot.roles.length)} roles,` +
      ` ${figure(snapshot.permissions.length)} permissions, ${figure(overrides)} overrides`,
  );

  const print = (name: string, coverage: Coverage) => {
    console.log(`\n${name} model`);
    for (const rule of coverage.expressed) console.log(`  expresses  ${rule}`);
    for (const rule of coverage.atLoad) console.log(`  at load    ${rule}`);
    for (const rule of coverage.missing) console.log(`  cannot     ${rule}`);
  };
  print("casbin", casbinCoverage);
  print("Cedar", cedarCoverage);
}

function printLoad({ times: t, sizes }: Engines): void {
  printTable(`Load the sub-model (median of ${loadRuns}, after a warm-up)`, [
    ["Bedrock: compile the index", ms(t.bedrockCompile)],
    [
      `casbin: translate to ${figure(sizes.gRows)} g and ${figure(sizes.pRows)} p rows`,
      ms(t.casbinTranslate),
    ],
    ["casbin: newEnforcer (load the rows, build role links)", ms(t.casbinLoad)],
    [
      `Cedar: translate to ${figure(sizes.cedarPolicies)} policies and principal entities`,
      ms(t.cedarTranslate),
    ],
    ["Cedar: preparsePolicySet", ms(t.cedarParse)],
  ]);
}

function tallyRows(name: string, peer: PeerTally, total: number): [string, string][] {
  const excluded = [...peer.excluded.values()].reduce((sum, n) => sum + n, 0);
  const reasons = [...peer.excluded].map(([gap, n]): [string, string] => [
    `  of which ${gapWords[gap]}`,
    figure(n),
  ]);
  return [
    [`${name}: agrees on all sampled checks`, percent(peer.agreed, total)],
    [`${name}: left out, a rule it cannot express`, figure(excluded)],
    ...reasons,
    [
      `${name}: agrees on the other ${figure(peer.expressible)}`,
      percent(peer.comparable.length, peer.expressible),
    ],
  ];
}

function printAgreement(sampled: Sampled[], casbin: PeerTally, cedar: PeerTally): void {
  const allowed = sampled.filter((entry) => entry.allowed).length;
  const overridden = sampled.filter((entry) => entry.overridden).length;
  const title = `Agreement (${figure(sampled.length)} sampled checks, seed ${checkSeed})`;
  printTable(title, [
    ["allowed by Bedrock", percent(allowed, sampled.length)],
    ["where an override decided a matching pair", figure(overridden)],
    ...tallyRows("casbin", casbin, sampled.length),
    ...tallyRows("Cedar", cedar, sampled.length),
  ]);
}

async function bedrockRates(index: AuthorizationIndex, checks: EvaluateRequest[]) {
  const single = await throughput(checks.length, async () => {
    for (const check of checks) await index.evaluate(check);
  });
  const batch = await throughput(checks.length, async () => {
    for (let at = 0; at < checks.length; at += batchSize) {
      await index.evaluateMany(checks.slice(at, at + batchSize));
    }
  });
  return { single, batch };
}

// The peers get one timed pass each: the agreement pass has warmed them, and
// a second pass would double the run for little steadier figures.
async function timeCasbin(engines: Engines, checks: EvaluateRequest[]) {
  const bedrock = await bedrockRates(engines.index, checks);
  const enforce = await onePass(checks.length, async () => {
    for (const check of checks) await casbinAllows(engines, check);
  });
  const enforceSync = await onePass(checks.length, () => {
    for (const check of checks) casbinAllowsSync(engines, check);
  });
  return { ...bedrock, enforce, enforceSync };
}

async function timeCedar(engines: Engines, checks: EvaluateRequest[]) {
  const bedrock = await bedrockRates(engines.index, checks);
  const preparsed = await onePass(checks.length, () => {
    for (const check of checks) cedarAllowsPreparsed(engines, check);
  });
  const parsing = checks.slice(0, parsingCedarCount);
  const parsed = await onePass(parsing.length, () => {
    for (const check of parsing) cedarAllowsParsing(engines, check);
  });
  return { ...bedrock, preparsed, parsed };
}

/**
 * Prints Bedrock beside casbin and Cedar on one workspace of `tenant`:
 * what each peer model covers, load times, agreement on sampled checks,
 * decisions per second and their ratios.
 */
export async function comparePeers(tenant: LargeTenant, nowMs: number): Promise<void> {
  const model = carveWorkspace(tenant, workspace);
  printModels(model);
  const engines = await loadEngines(model, nowMs, loadRuns);
  printLoad(engines);

  const sampled = await answerAll(sampleChecks(model, checkCount, checkSeed), engines);
  const casbinTally = tally(sampled, "casbin", ["delegation", "pair_override", "glob_reach"]);
  const cedarTally = tally(sampled, "cedar", ["delegation", "pair_override"]);
  printAgreement(sampled, casbinTally, cedarTally);

  const forCasbin = casbinTally.comparable;
  const forCedar = cedarTally.comparable.slice(0, cedarTimedCount);
  const casbin = await timeCasbin(engines, forCasbin);
  const cedar = await timeCedar(engines, forCedar);
  const bedrockRows = (rates: { single: number; batch: number }): [string, string][] => [
    ["  Bedrock single evaluate, one call per check", perSecond(rates.single)],
    [`  Bedrock batch of ${figure(batchSize)} (evaluateMany)`, perSecond(rates.batch)],
  ];
  printTable("Decisions per second", [
    [`on the ${figure(forCasbin.length)} checks casbin expresses and agrees on`, ""],
    ...bedrockRows(casbin),
    ["  casbin enforce", perSecond(casbin.enforce)],
    ["  casbin enforceSync", perSecond(casbin.enforceSync)],
    [`on the first ${figure(forCedar.length)} checks Cedar expresses and agrees on`, ""],
    ...bedrockRows(cedar),
    ["  Cedar statefulIsAuthorized (policies parsed once)", perSecond(cedar.preparsed)],
    [
      `  Cedar isAuthorized (all policies parsed per call; first ${parsingCedarCount} checks)`,
      perSecond(cedar.parsed),
    ],
  ]);

  const { times: t } = engines;
  printTable("Ratios, Bedrock / peer (same run)", [
    ["single evaluate / casbin enforce", times(casbin.single / casbin.enforce)],
    ["single evaluate / casbin enforceSync", times(casbin.single / casbin.enforceSync)],
    ["batch / casbin enforce", times(casbin.batch / casbin.enforce)],
    ["single evaluate / Cedar statefulIsAuthorized", times(cedar.single / cedar.preparsed)],
    ["batch / Cedar statefulIsAuthorized", times(cedar.batch / cedar.preparsed)],
    ["single evaluate / Cedar isAuthorized", times(cedar.single / cedar.parsed)],
    [
      "load: casbin newEnforcer time / Bedrock compile time",
      times(t.casbinLoad / t.bedrockCompile),
    ],
    ["load: Cedar preparse time / Bedrock compile time", times(t.cedarParse / t.bedrockCompile)],
  ]);
}
