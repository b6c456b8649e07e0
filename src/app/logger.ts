import pino, { type Logger as PinoLogger } from "pino";
import type { Logger } from "../core/logger.ts";

/** Structured JSON logs on stdout (pino). Secrets never go in fields; see redact paths. */
export function createPino(level: string): PinoLogger {
  return pino({
    level,
    base: { service: "drydock" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["req.headers.authorization", "*.password", "*.secret", "*.token"],
      censor: "[redacted]",
    },
  });
}

/** Adapts pino to the Logger port the parts use. */
export function toLogger(p: PinoLogger): Logger {
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (bindings) => toLogger(p.child(bindings)),
  };
}
