import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBedrock } from "@bedrock/sdk";
import { createLogger, type RunningServer, readConfig, startServer } from "@bedrock/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGuideWalkthrough } from "../src/guide-walkthrough.js";

describe("the multi-tenancy guide, end to end over HTTP on SQLite", () => {
  let dataDir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "bedrock-guide-"));
    const config = readConfig({
      PORT: "0",
      BEDROCK_DATA_DIR: dataDir,
      BEDROCK_ADMIN_TOKEN: "guide-walkthrough-token",
    });
    server = await startServer(config, createLogger("silent"));
  });

  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("gives every result the guide states", async () => {
    const bedrock = createBedrock({ baseUrl: server.url, token: "guide-walkthrough-token" });

    const checks = await runGuideWalkthrough(bedrock);

    expect(checks.filter((check) => !check.ok)).toEqual([]);
    expect(checks.map((check) => check.claim)).toContain(
      "Acme user reading a customer in Globex's project",
    );
    expect(checks.length).toBe(17);
  });

  it("runs again against the same server, taking fresh slugs and emails", async () => {
    const bedrock = createBedrock({ baseUrl: server.url, token: "guide-walkthrough-token" });

    const checks = await runGuideWalkthrough(bedrock);

    expect(checks.every((check) => check.ok)).toBe(true);
  });
});
