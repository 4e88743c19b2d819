import type { Logger } from "./log.js";

/** A server that can stop: let requests in progress finish (unless told not to wait), then close. */
export interface Stoppable {
  close(options: { drain: boolean; reason: string }): Promise<void>;
}

export interface ShutdownOptions {
  log: Logger;
  exit?: (code: number) => void;
  /** process (for SIGINT/SIGTERM) unless given (tests). */
  signals?: NodeJS.EventEmitter;
}

export type Stop = (reason: string, options?: { drain?: boolean }) => void;

/**
 * The one shutdown, for both transports: SIGINT, SIGTERM, or a transport's own reason (stdin
 * ended, stdout broke) stop the server, which lets requests in progress finish (up to its drain
 * bound) unless `drain: false`, then the process exits 0. A second signal exits at once.
 * Returns `stop`; `attach` hands it the server once it is serving (a stop before that waits).
 */
export function createShutdown(options: ShutdownOptions): { stop: Stop; attach(server: Stoppable): void } {
  const { log } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? process;
  let attach: (server: Stoppable) => void = () => {};
  const attached = new Promise<Stoppable>((resolve) => {
    attach = resolve;
  });
  let stopping = false;

  const stop: Stop = (reason, { drain = true } = {}) => {
    if (stopping) {
      if (reason.startsWith("SIG")) exit(0);
      return;
    }
    stopping = true;
    void (async () => {
      const server = await attached;
      try {
        await server.close({ drain, reason });
        log.info(`shutting down (${reason})`);
        exit(0);
      } catch (error) {
        log.error(`shutting down (${reason}) failed: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      }
    })();
  };
  signals.on("SIGINT", () => stop("SIGINT"));
  signals.on("SIGTERM", () => stop("SIGTERM"));
  return { stop, attach: (server) => attach(server) };
}
