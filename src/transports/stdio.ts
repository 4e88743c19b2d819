import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { InFlight } from "../in-flight.js";
import type { Logger } from "../log.js";

export interface StdioOptions {
  log: Logger;
  inFlight: InFlight;
  /** How long calls in progress may take to finish at shutdown. */
  drainMs: number;
  exit?: (code: number) => void;
}

/**
 * Serves over stdio. stdout carries JSON-RPC only. The SDK transport does not notice when stdin
 * closes, so this does: the client going away (stdin end), SIGINT and SIGTERM all stop reading,
 * let calls in progress finish (up to `drainMs`), flush stdout and exit 0. A second signal exits
 * at once.
 */
export async function serveStdio(server: Server, options: StdioOptions): Promise<void> {
  const { log, inFlight, drainMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const transport = new StdioServerTransport();
  let stopping = false;

  const stop = async (reason: string) => {
    if (stopping) {
      if (reason.startsWith("SIG")) exit(0);
      return;
    }
    stopping = true;
    process.stdin.pause();
    if (inFlight.size > 0) {
      log.info(`${reason}: waiting up to ${drainMs} ms for ${inFlight.size} call(s) in progress`);
      if (!(await inFlight.idle(drainMs))) log.warn(`${inFlight.size} call(s) still running at shutdown`);
      // A finished handler's answer is written by the SDK in the microtasks that follow; let them run.
      await new Promise((resolve) => setImmediate(resolve));
    }
    log.info(`shutting down (${reason})`);
    await server.close().catch(() => {});
    // Let the last answers reach the client before the process ends.
    process.stdout.write("", () => exit(0));
  };

  // A malformed line on stdin is reported and skipped; the server keeps serving.
  server.onerror = (error) => log.warn(`ignored input that is not a JSON-RPC message: ${error.message.slice(0, 200)}`);
  process.stdin.on("end", () => void stop("stdin closed"));
  process.stdin.on("close", () => void stop("stdin closed"));
  process.stdout.on("error", () => void stop("stdout closed"));
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  await server.connect(transport);
}
