import type { Readable, Writable } from "node:stream";
import { serveStdio as serveSdkStdio } from "@modelcontextprotocol/server/stdio";
import type { ServerFactory } from "../mcp/server.js";
import type { Logger } from "../process/log.js";
import type { Stop, Stoppable } from "../process/shutdown.js";
import { LineTransport } from "./line-transport.js";

export interface StdioOptions {
  log: Logger;
  newServer: ServerFactory;
  /** How long calls in progress may take to finish at shutdown. */
  drainMs: number;
  /** Called when the client goes away: stdin ended (answer what came first), or stdout broke (no one reads). */
  stop: Stop;
  /** process.stdin and process.stdout unless given (tests). */
  input?: Readable;
  output?: Writable;
}

/**
 * Serves over stdio through the SDK's `serveStdio`, which picks the protocol generation from the
 * opening message (`server/discover` or a 2026-07-28 request; `initialize` for the 2025 era) and
 * pins one server instance for it. stdout carries JSON-RPC only.
 *
 * Closing stops reading, lets requests already received finish and be answered (up to `drainMs`,
 * unless told not to wait), closes the session and flushes stdout.
 */
export function serveStdio(options: StdioOptions): Stoppable {
  const { log, drainMs } = options;
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const transport = new LineTransport(input, output);
  const session = serveSdkStdio(options.newServer, {
    transport,
    onerror: (error) => log.warn(`ignored ${error.message.slice(0, 200)}`),
  });
  transport.onend = () => options.stop("stdin closed");
  output.on("error", () => options.stop("stdout closed", { drain: false }));

  return {
    async close({ drain, reason }) {
      input.pause();
      if (drain) await transport.pending.drain(drainMs, log, reason);
      await session.close();
      await new Promise<void>((resolve) => output.write("", () => resolve()));
    },
  };
}
