#!/usr/bin/env node
// Kept outside dist/ so the command exists from install time; it runs the build.
await import("../dist/cli.js");
