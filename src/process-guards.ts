import type { Logger } from "./log.js";

/**
 * A tool server runs unattended: a stray rejection or exception is logged to stderr (through the
 * redacting logger) and the server keeps serving instead of dropping every client call.
 */
export function installProcessGuards(log: Logger, target: NodeJS.EventEmitter = process): void {
  target.on("unhandledRejection", (reason) => {
    log.error(`unhandled rejection (server keeps running): ${describe(reason)}`);
  });
  target.on("uncaughtException", (error) => {
    log.error(`uncaught exception (server keeps running): ${describe(error)}`);
  });
}

function describe(value: unknown): string {
  if (value instanceof Error) {
    const frames = (value.stack ?? "")
      .split("\n")
      .slice(1, 4)
      .map((line) => line.trim());
    return [`${value.name}: ${value.message}`, ...frames].join(" | ");
  }
  return String(value);
}
