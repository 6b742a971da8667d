// Adds up the JSON reports every package's vitest wrote and prints one closing line.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const packages = [
  "packages/core",
  "packages/api",
  "packages/sdk",
  "packages/mock",
  "apps/server",
  "apps/walkthrough",
];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of packages) {
  const file = join(dir, ".vitest-report.json");
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`${dir}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
