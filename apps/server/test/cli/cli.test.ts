import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startServer } from "../../src/server.js";

const run = promisify(execFile);
const cli = join(import.meta.dirname, "../../src/cli.ts");
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function bedrock(args: string[], env: Record<string, string>) {
  return run(process.execPath, ["--import", "tsx", cli, ...args], {
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
    timeout: 30_000,
  }).catch((error: { code: number; stdout: string; stderr: string }) => error);
}

describe("the bedrock command", () => {
  it("rotates the admin token: the new one works, the old one stops working", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "bedrock-cli-"));
    dirs.push(dataDir);
    const first = await startServer(
      readConfig({ PORT: "0", BEDROCK_DATA_DIR: dataDir }),
      createLogger("silent"),
    );
    const old = first.generatedAdminToken ?? "";
    await first.close();

    const rotated = await bedrock(["rotate-admin-token"], { BEDROCK_DATA_DIR: dataDir });
    const token = /bdr_admin_\S+/.exec(rotated.stdout)?.[0] ?? "";
    const server = await startServer(
      readConfig({ PORT: "0", BEDROCK_DATA_DIR: dataDir }),
      createLogger("silent"),
    );
    const status = async (bearer: string) =>
      (await fetch(`${server.url}/tenants`, { headers: { authorization: `Bearer ${bearer}` } }))
        .status;

    expect(token).not.toBe("");
    expect(await status(token)).toBe(200);
    expect(await status(old)).toBe(401);
    expect(server.generatedAdminToken).toBeUndefined();
    await server.close();
  });

  it("refuses to rotate a token that comes from BEDROCK_ADMIN_TOKEN", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "bedrock-cli-"));
    dirs.push(dataDir);

    const answer = await bedrock(["rotate-admin-token"], {
      BEDROCK_DATA_DIR: dataDir,
      BEDROCK_ADMIN_TOKEN: "from-the-environment",
    });

    expect((answer as { code?: number }).code).toBe(2);
    expect(answer.stderr).toContain("BEDROCK_ADMIN_TOKEN is set");
  });

  it("migrates a new data directory and says so", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "bedrock-cli-"));
    dirs.push(dataDir);

    const answer = await bedrock(["migrate"], { BEDROCK_DATA_DIR: dataDir });

    expect(answer.stdout).toContain("schema is up to date");
  });
});

describe("the bedrock command, used wrongly", () => {
  it("prints its version", async () => {
    const answer = await bedrock(["--version"], {});

    expect(answer.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("names an unknown command", async () => {
    const answer = await bedrock(["frobnicate"], {});

    expect((answer as { code?: number }).code).toBe(1);
    expect(answer.stderr).toContain("unknown command 'frobnicate'");
  });

  it.each([
    [
      "a DATABASE_URL of another kind",
      { DATABASE_URL: "mysql://x@y/z" },
      "DATABASE_URL must start",
    ],
    ["a PORT that is not a number", { PORT: "abc" }, "PORT must be a whole number"],
    ["an unknown LOG_LEVEL", { LOG_LEVEL: "verbose" }, "LOG_LEVEL must be one of"],
  ])("explains %s in one line, without a stack", async (_case, env, message) => {
    const dataDir = mkdtempSync(join(tmpdir(), "bedrock-cli-"));
    dirs.push(dataDir);

    const answer = await bedrock(["migrate"], { BEDROCK_DATA_DIR: dataDir, ...env });

    expect((answer as { code?: number }).code).toBe(1);
    expect(answer.stderr.trim()).toMatch(new RegExp(`^bedrock: ${message}`));
    expect(answer.stderr).not.toContain("    at ");
  });
});
