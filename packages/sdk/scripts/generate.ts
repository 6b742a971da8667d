import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const source = new URL("../../api/openapi.json", import.meta.url);
const target = fileURLToPath(new URL("../src/generated/openapi.ts", import.meta.url));

// Line comments, so that no declaration takes the header as its JSDoc.
const header = `// Generated from packages/api/openapi.json by \`pnpm --filter @bedrock/sdk generate\`.
// Do not edit: change the API's schemas, regenerate, and commit the result.

`;

const ast = await openapiTS(source, { silent: true });
const text = header + astToString(ast);

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {}
  if (current !== text) {
    console.error(
      "src/generated/openapi.ts is stale: run `pnpm --filter @bedrock/sdk generate` and commit the result.",
    );
    process.exit(1);
  }
  console.log("src/generated/openapi.ts is up to date.");
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
