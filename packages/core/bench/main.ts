import { AuthorizationIndex } from "../src/evaluator/authorization-index.js";
import type { EvaluateRequest } from "../src/evaluator/decision.js";
import { evaluate } from "../src/evaluator/evaluate.js";
import type { LookupPage } from "../src/evaluator/lookup-page.js";
import { decodeLookupCursor } from "../src/evaluator/lookup-page.js";
import { compileTenantIndex } from "../src/evaluator/tenant-index.js";
import { buildLargeTenant, requestMix } from "./large-tenant.js";
import { figure, printTable, quantile, throughput, timings } from "./measure.js";
import { NaiveEvaluator } from "./naive-evaluator.js";
import { comparePeers } from "./peers.js";
import { SnapshotStore } from "./snapshot-store.js";

const nowMs = Date.parse("2025-06-01T12:00:00.000Z");
const requestCount = 10_000;
const naiveCount = 500;
const batchSize = 1_000;

/** Reads every page of a lookup, as a client following cursors would. */
async function everyPage<T>(fetch: (after?: string) => Promise<LookupPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let page = await fetch();
  items.push(...page.data);
  while (page.nextCursor !== null) {
    page = await fetch(decodeLookupCursor(page.nextCursor, "cursor"));
    items.push(...page.data);
  }
  return items;
}

const ms = (value: number) => `${figure(value, value < 1 ? 3 : 2)} ms`;
const perSecond = (value: number) => `${figure(value)} /s`;
const times = (value: number) => `${figure(value, 1)}×`;

const builtAt = performance.now();
const tenant = buildLargeTenant();
const buildMs = performance.now() - builtAt;
const { snapshot } = tenant;

const compileMs = quantile(await timings(5, () => compileTenantIndex(snapshot)), 0.5);
const index = new AuthorizationIndex(new SnapshotStore([snapshot], tenant.subjects), () => nowMs);
await index.init();
const compiled = await index.tenantIndex(snapshot.tenant.id);
if (compiled === undefined) throw new Error("the benchmark tenant did not load");

printTable("Tenant (built in memory)", [
  ["scopes", figure(snapshot.scopes.length)],
  ["subjects", figure(tenant.subjects.length)],
  ["memberships", figure(snapshot.memberships.length)],
  ["roles", figure(snapshot.roles.length)],
  ["permissions", figure(snapshot.permissions.length)],
  [
    "overrides",
    figure(snapshot.permissionOverrides.length + snapshot.rolePermissionOverrides.length),
  ],
  ["build records", ms(buildMs)],
  ["compile index (median of 5)", ms(compileMs)],
]);

// Evaluation throughput over the same request mix.
const requests = requestMix(tenant, requestCount, 1);
const context = await index.contextFor(requests.map((request) => request.scopeId));
const allowed = requests.filter((request) => evaluate(request, context).allowed).length;

const single = await throughput(requestCount, async () => {
  for (const request of requests) await index.evaluate(request);
});
const batched = await throughput(requestCount, async () => {
  for (let at = 0; at < requests.length; at += batchSize) {
    await index.evaluateMany(requests.slice(at, at + batchSize));
  }
});
const inProcess = await throughput(requestCount, () => {
  for (const request of requests) evaluate(request, context);
});

const naive = new NaiveEvaluator(snapshot, tenant.subjects, nowMs);
const naiveRequests = requests.slice(0, naiveCount);
const disagreements = naiveRequests.filter(
  (request) => naive.reason(request) !== evaluate(request, context).reason,
);
if (disagreements.length > 0) {
  throw new Error(`the naive evaluator disagrees on ${JSON.stringify(disagreements[0])}`);
}
const naiveRate = await throughput(naiveCount, () => {
  for (const request of naiveRequests) naive.reason(request);
});
const compiledRate = await throughput(naiveCount, () => {
  for (const request of naiveRequests) evaluate(request, context);
});

printTable(
  `Evaluate (${figure(requestCount)} requests, ${figure((100 * allowed) / requestCount)}% allowed)`,
  [
    ["single evaluate, one call per check", perSecond(single)],
    [`batch of ${figure(batchSize)} (evaluateMany)`, perSecond(batched)],
    ["evaluate() on a built context", perSecond(inProcess)],
  ],
);

// Lookups, and what answering the same question with single evaluates costs.
const environments = snapshot.scopes.filter((scope) => scope.kind === "environment");
const question = { action: "read", resourceType: "customer" };
const power = { subjectId: tenant.powerUser, subjectType: "user" as const };
const scopeLookup = { subject: power, tenantId: snapshot.tenant.id, kind: "environment" as const };
const listScopes = () =>
  everyPage((after) => index.lookupScopes({ ...scopeLookup, ...question, limit: 1_000, after }));
const scopesFound = (await listScopes()).length;
const scopeTimes = await timings(30, listScopes);
const perScope = await timings(3, async () => {
  for (const scope of environments) {
    await index.evaluate({ actor: power, scopeId: scope.id, ...question, resource: question });
  }
});

const busy = tenant.busyEnvironment;
const listSubjects = () =>
  everyPage((after) => index.lookupSubjects({ scopeId: busy, ...question, limit: 1_000, after }));
const subjectsFound = (await listSubjects()).length;
const subjectTimes = await timings(50, listSubjects);
const perSubject = await timings(3, async () => {
  for (const subject of tenant.subjects) {
    const actor = { subjectId: subject.id, subjectType: subject.subjectType };
    const request: EvaluateRequest = { actor, scopeId: busy, ...question, resource: question };
    await index.evaluate(request);
  }
});

const powerScope = environments.find((scope) =>
  tenant.memberAt.get(tenant.powerUser)?.some((at) => scope.parentScopeId === at),
);
const permissionTimes = await timings(50, () =>
  everyPage((after) =>
    index.effectivePermissions({
      subjectId: tenant.powerUser,
      scopeId: powerScope?.id ?? busy,
      after,
    }),
  ),
);

const memberships = tenant.memberAt.get(tenant.powerUser)?.length ?? 0;
printTable("Lookups (median / p95)", [
  [
    `lookup/scopes: ${memberships} memberships → ${figure(scopesFound)} environments`,
    `${ms(quantile(scopeTimes, 0.5))} / ${ms(quantile(scopeTimes, 0.95))}`,
  ],
  [
    `lookup/subjects: ${figure(subjectsFound)} subjects at one environment`,
    `${ms(quantile(subjectTimes, 0.5))} / ${ms(quantile(subjectTimes, 0.95))}`,
  ],
  [
    "effective permissions at one environment",
    `${ms(quantile(permissionTimes, 0.5))} / ${ms(quantile(permissionTimes, 0.95))}`,
  ],
]);

printTable("Side by side (same run)", [
  [
    `lookup/scopes vs ${figure(environments.length)} single evaluates`,
    `${ms(quantile(scopeTimes, 0.5))} vs ${ms(quantile(perScope, 0.5))} = ${times(quantile(perScope, 0.5) / quantile(scopeTimes, 0.5))}`,
  ],
  [
    `lookup/subjects vs ${figure(tenant.subjects.length)} single evaluates`,
    `${ms(quantile(subjectTimes, 0.5))} vs ${ms(quantile(perSubject, 0.5))} = ${times(quantile(perSubject, 0.5) / quantile(subjectTimes, 0.5))}`,
  ],
  [
    "batch vs single evaluate",
    `${perSecond(batched)} vs ${perSecond(single)} = ${times(batched / single)}`,
  ],
  [
    `compiled index vs naive scan of the records (${naiveCount} requests)`,
    `${perSecond(compiledRate)} vs ${perSecond(naiveRate)} = ${times(compiledRate / naiveRate)}`,
  ],
]);

// casbin and Cedar beside Bedrock on one workspace of the same tenant; about a minute.
await comparePeers(tenant, nowMs);
