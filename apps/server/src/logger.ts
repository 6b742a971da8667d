import { type Logger, pino } from "pino";

/** The server's structured logger; credentials are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "bedrock" },
    redact: {
      paths: [
        "req.headers.authorization",
        "headers.authorization",
        "authorization",
        "token",
        "*.token",
      ],
      censor: "[redacted]",
    },
  });
}
