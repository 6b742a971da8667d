import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { type RunningServer, startServer } from "../../src/server.js";

const token = "race-admin-token-0";
const racers = 20;
let dataDir: string;
let server: RunningServer;

async function post(path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function race(make: (i: number) => Promise<{ status: number; body: { code?: string } }>) {
  return Promise.all(Array.from({ length: racers }, (_, i) => make(i)));
}

function tally(answers: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "bedrock-race-"));
  const config = readConfig({ PORT: "0", BEDROCK_DATA_DIR: dataDir, BEDROCK_ADMIN_TOKEN: token });
  server = await startServer(config, createLogger("silent"));
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`${racers} parallel requests racing for one slot on SQLite`, () => {
  it("give one tenant per slug and clean 409s for the rest", async () => {
    const answers = await race((i) => post("/tenants", { name: `Racer ${i}`, slug: "one-slug" }));

    expect(tally(answers)).toEqual({ 201: 1, 409: racers - 1 });
    expect(
      answers.filter((a) => a.status === 409).every((a) => a.body.code === "already_exists"),
    ).toBe(true);
  });

  it("give one record per client-chosen id", async () => {
    const answers = await race(() =>
      post("/subjects", { id: "subject_same", subjectType: "agent" }),
    );

    expect(tally(answers)).toEqual({ 201: 1, 409: racers - 1 });
  });

  it("give one membership per subject and scope", async () => {
    const tenant = (await post("/tenants", { name: "M", slug: "members" })).body as {
      scopeId: string;
    };
    const agent = (await post("/subjects", { subjectType: "agent" })).body as { id: string };

    const answers = await race(() =>
      post("/memberships", { subjectId: agent.id, scopeId: tenant.scopeId }),
    );

    expect(tally(answers)).toEqual({ 201: 1, 409: racers - 1 });
  });

  it("admit exactly maxUsers users and refuse the rest with 422", async () => {
    const tenant = (await post("/tenants", { name: "L", slug: "limited", maxUsers: 5 })).body as {
      id: string;
    };

    const answers = await race((i) =>
      post("/users", { email: `u${i}@limited.com`, defaultTenantId: tenant.id }),
    );

    expect(tally(answers)).toEqual({ 201: 5, 422: racers - 5 });
    expect(
      answers
        .filter((a) => a.status === 422)
        .every((a) => a.body.code === "tenant_user_limit_reached"),
    ).toBe(true);
  });

  it("admit exactly maxUsers members when memberships race", async () => {
    const tenant = (await post("/tenants", { name: "L2", slug: "limited-two", maxUsers: 3 }))
      .body as {
      scopeId: string;
    };
    const users = await Promise.all(
      Array.from({ length: racers }, (_, i) => post("/users", { email: `m${i}@limited.com` })),
    );
    const subjectIds = users.map((user) => (user.body as { subjectId: string }).subjectId);

    const answers = await race((i) =>
      post("/memberships", {
        subjectId: subjectIds[i],
        scopeId: tenant.scopeId,
      }),
    );

    expect(tally(answers)).toEqual({ 201: 3, 422: racers - 3 });
  });
});
