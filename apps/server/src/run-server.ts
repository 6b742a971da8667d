import { readConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { startServer } from "./server.js";

/** Starts the server from the environment, prints a generated admin token once, stops on signals. */
export async function runServer(): Promise<void> {
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (error) {
    // A configuration mistake is the operator's: one line, no stack.
    console.error(`bedrock: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  try {
    const server = await startServer(config, logger);
    logger.info({ url: server.url }, "bedrock listening");
    if (server.generatedAdminToken !== undefined) {
      // Printed once, to the terminal only: the store keeps just its hash.
      console.log(
        `\nNo BEDROCK_ADMIN_TOKEN was set, so one was generated. It is shown only this once:\n\n  ${server.generatedAdminToken}\n\nKeep it safe, or set BEDROCK_ADMIN_TOKEN to choose your own.\n`,
      );
    }
    const stop = async (signal: string) => {
      logger.info({ signal }, "shutting down");
      await server.close();
      process.exit(0);
    };
    process.once("SIGINT", () => void stop("SIGINT"));
    process.once("SIGTERM", () => void stop("SIGTERM"));
  } catch (error) {
    logger.fatal({ err: error }, "bedrock could not start");
    process.exit(1);
  }
}
