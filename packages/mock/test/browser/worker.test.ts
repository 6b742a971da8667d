import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const chromiumPath = "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
const inCi = process.env.CI === "true";

// The flags Debian's chromium needs to run headless in a container.
const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const page = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>Bedrock mock</title></head>
  <body><pre id="result"></pre><script type="module" src="/page.js"></script></body>
</html>
`;

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};

/** Bundles the page for browsers, with the worker script beside it, into `dir`. */
async function bundlePage(dir: string): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL("./page.ts", import.meta.url))],
    outfile: join(dir, "page.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
  });
  const require = createRequire(import.meta.url);
  await copyFile(require.resolve("msw/mockServiceWorker.js"), join(dir, "mockServiceWorker.js"));
  await writeFile(join(dir, "index.html"), page);
}

/** Serves the files of `dir` on a free localhost port, which browsers treat as secure. */
async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const name = request.url === "/" ? "index.html" : (request.url ?? "").slice(1).split("?")[0];
    try {
      const body = await readFile(join(dir, name ?? ""));
      response.writeHead(200, {
        "content-type": contentTypes[extname(name ?? "")] ?? "text/plain",
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

describe("the mock in a browser", () => {
  if (!hasChromium) {
    if (inCi) {
      it(`needs chromium at ${chromiumPath} in CI`, () => {
        expect.fail(`${chromiumPath} is missing: install Debian's chromium before running tests`);
      });
      return;
    }
    process.stderr.write(
      `skipping the browser test: ${chromiumPath} is missing (apt-get install -y chromium)\n`,
    );
    it.skip("answers the SDK from a service worker");
    return;
  }

  let dir: string;
  let site: { server: Server; url: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bedrock-mock-browser-"));
    await bundlePage(dir);
    site = await serve(dir);
  });

  afterAll(async () => {
    await new Promise((resolve) => site?.server.close(resolve));
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("answers the SDK from a service worker", { timeout: 60_000 }, async () => {
    const profile = await mkdtemp(join(tmpdir(), "bedrock-chromium-"));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args: chromiumFlags,
    });
    const errors: string[] = [];
    try {
      const tab = await browser.newPage();
      tab.on("pageerror", (error) => errors.push(error.message));

      await tab.goto(site.url);
      await tab.waitForSelector("#result[data-done]", { timeout: 30_000 });
      const printed = await tab.textContent("#result");

      expect({ printed: JSON.parse(printed ?? "null"), errors }).toEqual({
        printed: { isolation: "DENIED", delegation: "ALLOWED", productionDelete: "DENIED" },
        errors: [],
      });
    } finally {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
