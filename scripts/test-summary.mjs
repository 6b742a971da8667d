// Adds up the JSON reports every package's vitest wrote and prints one closing line.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { workspaceDirs } from "./workspace-dirs.mjs";

const packages = workspaceDirs();
let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of packages) {
  const file = join(dir, ".vitest-report.json");
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (manifest.scripts?.test === undefined) continue;
  if (!existsSync(file)) {
    // A package whose tests never reported did not pass.
    console.log(`${dir}: no test report`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`${dir}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
