import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.js";
import { startServer } from "../../src/server.js";

const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "bedrock-db-url-"));
  dirs.push(dir);
  return dir;
}

function capture() {
  const sink = { text: "" };
  const stream = new Writable({
    write(chunk, _encoding, done) {
      sink.text += String(chunk);
      done();
    },
  });
  return { sink, logger: pino({ level: "info" }, stream) };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("DATABASE_URL", () => {
  it.each(["mysql://app:s3cret@db/bedrock", "sqlite:///var/lib/bedrock.db", "db.internal:5432"])(
    "refuses %s at startup, naming what it accepts but not the URL",
    async (url) => {
      const { logger } = capture();
      const config = readConfig({ PORT: "0", DATABASE_URL: url, BEDROCK_DATA_DIR: freshDir() });

      const error = await startServer(config, logger).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^DATABASE_URL must start with postgres:\/\//);
      expect((error as Error).message).not.toContain("s3cret");
    },
  );

  it("leaves the embedded SQLite store in use when unset, and says so", async () => {
    const { sink, logger } = capture();
    const config = readConfig({ PORT: "0", BEDROCK_DATA_DIR: freshDir() });

    const server = await startServer(config, logger);
    await server.close();

    expect(sink.text).toContain('"store":"sqlite"');
  });
});
