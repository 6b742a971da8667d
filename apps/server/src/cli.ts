import { Command } from "commander";
import { rotateAdminToken } from "./auth/admin-token.js";
import { readConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { runServer } from "./run-server.js";
import { openStorage } from "./storage.js";

const program = new Command()
  .name("bedrock")
  .description("Bedrock, the multi-tenant authorization service")
  .showHelpAfterError();

program
  .command("start", { isDefault: true })
  .description("start the server (PORT, HOST, BEDROCK_DATA_DIR, DATABASE_URL from the environment)")
  .action(async () => {
    await runServer();
  });

program
  .command("migrate")
  .description("bring the store's schema up to date, then exit")
  .action(async () => {
    const config = readConfig();
    const store = await openStorage(config, createLogger(config.logLevel));
    await store.close();
    console.log("The store's schema is up to date.");
  });

program
  .command("rotate-admin-token")
  .description("replace the stored admin token and print the new one once")
  .action(async () => {
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
  });

await program.parseAsync();
