import type { Readable, Writable } from "node:stream";
import { serveStdio as serveSdkStdio } from "@modelcontextprotocol/server/stdio";
import type { Logger } from "../log.js";
import type { ServerFactory } from "../mcp/server.js";
import { LineTransport } from "./line-transport.js";

export interface StdioOptions {
  log: Logger;
  newServer: ServerFactory;
  /** How long calls in progress may take to finish at shutdown. */
  drainMs: number;
  exit?: (code: number) => void;
  /** process.stdin, process.stdout and process (for SIGINT/SIGTERM) unless given (tests). */
  input?: Readable;
  output?: Writable;
  signals?: NodeJS.EventEmitter;
}

/**
 * Serves over stdio through the SDK's `serveStdio`, which picks the protocol generation from the
 * opening message (`server/discover` or a 2026-07-28 request: one server instance per request
 * era; `initialize`: a 2025-era session). stdout carries JSON-RPC only.
 *
 * Shutdown: the client going away (stdin end), SIGINT and SIGTERM stop reading, let requests in
 * progress finish and be answered (up to `drainMs`), flush stdout and exit 0. A second signal
 * exits at once; a broken stdout ends it without waiting, since no answer can arrive.
 */
export function serveStdio(options: StdioOptions): void {
  const { log, drainMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const signals = options.signals ?? process;
  const transport = new LineTransport(input, output);
  const session = serveSdkStdio(options.newServer, {
    transport,
    onerror: (error) => log.warn(`ignored ${error.message.slice(0, 200)}`),
  });
  let stopping = false;

  const stop = async (reason: string) => {
    if (stopping) {
      if (reason.startsWith("SIG")) exit(0);
      return;
    }
    stopping = true;
    input.pause();
    const { pending } = transport;
    if (pending.size > 0 && reason !== "stdout closed") {
      log.info(`${reason}: waiting up to ${drainMs} ms for ${pending.size} request(s) in progress`);
      if (!(await pending.idle(drainMs))) log.warn(`${pending.size} request(s) still running at shutdown`);
    }
    log.info(`shutting down (${reason})`);
    await session.close();
    // Let the last answers reach the client before the process ends.
    output.write("", () => exit(0));
  };

  transport.onend = () => void stop("stdin closed");
  output.on("error", () => void stop("stdout closed"));
  signals.on("SIGINT", () => void stop("SIGINT"));
  signals.on("SIGTERM", () => void stop("SIGTERM"));
}
