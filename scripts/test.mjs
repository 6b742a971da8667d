// The repository's one test command: build, static checks, every package's
// tests, then one closing line that adds them all up.

import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { workspaceDirs } from "./workspace-dirs.mjs";

const packages = workspaceDirs();
for (const dir of packages) rmSync(`${dir}/.vitest-report.json`, { force: true });

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  return result.status === 0;
}

const steps = [
  ["pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"]],
  ["pnpm", ["run", "check"]],
];
for (const [command, args] of steps) {
  if (!run(command, args)) process.exit(1);
}
const testsPassed = run("pnpm", [
  "exec",
  "turbo",
  "run",
  "test",
  "--concurrency=2",
  "--continue",
  "--output-logs=new-only",
]);
const summaryPassed = run("node", ["scripts/test-summary.mjs"]);
process.exit(testsPassed && summaryPassed ? 0 : 1);
