import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocument } from "../src/openapi.js";

const target = fileURLToPath(new URL("../openapi.json", import.meta.url));
const text = `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {}
  if (current !== text) {
    console.error("openapi.json is stale: run `pnpm generate` and commit the result.");
    process.exit(1);
  }
  console.log("openapi.json is up to date.");
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
