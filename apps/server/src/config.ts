import { resolve } from "node:path";

/** Server settings, read from the environment. */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  adminToken: string | undefined;
  databaseUrl: string | undefined;
  logLevel: string;
}

/** Shortest admin token accepted from the environment. */
export const minAdminTokenLength = 16;

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function logLevelOf(value: string | undefined): string {
  if (value === undefined || value === "") return "info";
  if (!logLevels.includes(value)) {
    throw new Error(`LOG_LEVEL must be one of ${logLevels.join(", ")}, not "${value}"`);
  }
  return value;
}

function portOf(value: string | undefined): number {
  if (value === undefined || value === "") return 4000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${value}"`);
  }
  return port;
}

/** Reads PORT, HOST, BEDROCK_DATA_DIR, BEDROCK_ADMIN_TOKEN, DATABASE_URL and LOG_LEVEL. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const adminToken = env.BEDROCK_ADMIN_TOKEN === "" ? undefined : env.BEDROCK_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length < minAdminTokenLength) {
    throw new Error(
      `BEDROCK_ADMIN_TOKEN must be at least ${minAdminTokenLength} characters; unset it to have one generated`,
    );
  }
  return {
    port: portOf(env.PORT),
    host: env.HOST ?? "127.0.0.1",
    dataDir: resolve(env.BEDROCK_DATA_DIR ?? "./data"),
    adminToken,
    databaseUrl: env.DATABASE_URL === "" ? undefined : env.DATABASE_URL,
    logLevel: logLevelOf(env.LOG_LEVEL),
  };
}
