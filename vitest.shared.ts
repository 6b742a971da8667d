import type { ViteUserConfig } from "vitest/config";

type Reporters = NonNullable<NonNullable<ViteUserConfig["test"]>["reporters"]>;

// Every package writes a JSON report beside the console one, so the root test
// command can print a single closing line for the whole repository.
export const reporters: Reporters = ["default", ["json", { outputFile: ".vitest-report.json" }]];
