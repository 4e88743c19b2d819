import type { Logger } from "./log.js";

/** More uncaught errors than this within the window means something is looping: stop. */
const MAX_ERRORS = 50;
const WINDOW_MS = 10_000;

/**
 * A tool server runs unattended: a stray rejection or exception is logged to stderr (through the
 * redacting logger) and the server keeps serving instead of dropping every client call. A broken
 * stdout/stderr (EPIPE: the client is gone) ends the process quietly, and a storm of errors ends
 * it with code 1 rather than spinning.
 */
export function installProcessGuards(
  log: Logger,
  target: NodeJS.EventEmitter = process,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let recent: number[] = [];
  let handling = false;
  const onError = (kind: string, error: unknown) => {
    if (isBrokenPipe(error)) return exit(0);
    if (handling) return;
    handling = true;
    try {
      const now = Date.now();
      recent = [...recent.filter((t) => now - t < WINDOW_MS), now];
      log.error(`${kind} (server keeps running): ${describe(error)}`);
      if (recent.length > MAX_ERRORS) {
        log.error(`more than ${MAX_ERRORS} uncaught errors in ${WINDOW_MS / 1000} s; exiting`);
        exit(1);
      }
    } finally {
      handling = false;
    }
  };
  target.on("unhandledRejection", (reason) => onError("unhandled rejection", reason));
  target.on("uncaughtException", (error) => onError("uncaught exception", error));
}

function isBrokenPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "EPIPE" || code === "ERR_STREAM_DESTROYED" || code === "ERR_STREAM_WRITE_AFTER_END";
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
