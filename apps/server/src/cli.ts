import { createRequire } from "node:module";
import { Command } from "commander";
import { rotateAdminToken } from "./auth/admin-token.js";
import { readConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { runServer } from "./run-server.js";
import { openStorage } from "./storage.js";

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

/** Runs a command, turning a failure into one line on stderr and exit code 1. */
function guarded(action: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await action();
    } catch (error) {
      console.error(`bedrock: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  };
}

const program = new Command()
  .name("bedrock")
  .description("Bedrock, the multi-tenant authorization service")
  .version(version)
  .showHelpAfterError();

program
  .command("start")
  .description("start the server (PORT, HOST, BEDROCK_DATA_DIR, DATABASE_URL from the environment)")
  .action(async () => {
    await runServer();
  });

program
  .command("migrate")
  .description("bring the store's schema up to date, then exit")
  .action(
    guarded(async () => {
      const config = readConfig();
      const store = await openStorage(config, createLogger(config.logLevel));
      await store.close();
      console.log("The store's schema is up to date.");
    }),
  );

program
  .command("rotate-admin-token")
  .description("replace the stored admin token and print the new one once")
  .action(
    guarded(async () => {
      const config = readConfig();
      if (config.adminToken !== undefined) {
        console.error(
          "BEDROCK_ADMIN_TOKEN is set, so the admin token is that value: change it there.",
        );
        process.exitCode = 2;
        return;
      }
      const store = await openStorage(config, createLogger("warn"));
      const token = await rotateAdminToken(store);
      await store.close();
      console.log(
        `The new admin token, shown only this once:\n\n  ${token}\n\nRunning servers accept it after a restart.`,
      );
    }),
  );

await program.parseAsync();
