import { createBedrock } from "@bedrock/sdk";
import { runGuideWalkthrough } from "./guide-walkthrough.js";

const baseUrl = process.env.BEDROCK_URL ?? "http://127.0.0.1:4000";
const token = process.env.BEDROCK_TOKEN ?? process.env.BEDROCK_ADMIN_TOKEN;

if (token === undefined || token === "") {
  console.error(
    "Set BEDROCK_TOKEN to the server's admin token (the one printed at first start, or BEDROCK_ADMIN_TOKEN).",
  );
  process.exit(2);
}

try {
  console.log(`Following the multi-tenancy guide against ${baseUrl}\n`);
  const checks = await runGuideWalkthrough(createBedrock({ baseUrl, token }), (line) =>
    console.log(line),
  );
  const failed = checks.filter((check) => !check.ok);
  console.log(`\n${checks.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length === 0 ? 0 : 1);
} catch (error) {
  console.error("The walkthrough stopped:", error);
  process.exit(1);
}
