import type { Readable, Writable } from "node:stream";
import type { Logger } from "../log.js";
import type { ToolHandlers } from "../tool-calls.js";
import { createDispatcher } from "./dispatch.js";
import { LineTransport } from "./line-transport.js";

export interface StdioOptions {
  log: Logger;
  version: string;
  /** Loads zod, the tools and the v0 client (not the MCP SDK: see dispatch.ts). */
  load: () => Promise<ToolHandlers>;
  /** How long calls in progress may take to finish at shutdown. */
  drainMs: number;
  exit?: (code: number) => void;
  /** process.stdin, process.stdout and process (for SIGINT/SIGTERM) unless given (tests). */
  input?: Readable;
  output?: Writable;
  signals?: NodeJS.EventEmitter;
}

/**
 * Serves over stdio; stdout carries JSON-RPC only.
 *
 * Start-up: desktop clients start every server at launch and some give up after a fixed time, so
 * `initialize` and `ping` are answered from static data (server-info.ts) without loading the
 * tools. The tools load right after the first message; tools/* requests that arrive meanwhile wait
 * for them.
 *
 * Shutdown: the client going away (stdin end), SIGINT and SIGTERM stop reading, let requests in
 * progress finish (up to `drainMs`), flush stdout and exit 0. A second signal exits at once.
 */
export async function serveStdio(options: StdioOptions): Promise<void> {
  const { log, drainMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const signals = options.signals ?? process;
  const transport = new LineTransport(input, output);
  let handlers: ToolHandlers | undefined;
  let loading: Promise<ToolHandlers> | undefined;
  let stopping = false;

  const ignored = (reason: string) => log.warn(`ignored ${reason.slice(0, 200)}`);

  const load = (): Promise<ToolHandlers> => {
    if (loading) return loading;
    loading = (async () => {
      // Let the answer to `initialize` leave before loading blocks the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      handlers = await options.load();
      return handlers;
    })();
    loading.catch(async (error: unknown) => {
      // Requests waiting for the tools are answered -32603 (the dispatcher); then stop.
      stopping = true;
      log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
      await dispatcher.pending.idle(1_000);
      output.write("", () => exit(1));
    });
    return loading;
  };

  const dispatcher = createDispatcher({
    version: options.version,
    send: (message) => transport.send(message),
    handlers: () => handlers ?? load(),
    onIgnored: ignored,
  });

  transport.onerror = (error) => ignored(`input that is not a JSON-RPC message: ${error.message}`);
  transport.onmessage = (message) => {
    dispatcher.dispatch(message);
    // The first message is almost always `initialize`: start loading the tools once it is answered.
    // (A failure to load is handled in load().)
    if (!loading) load().catch(() => {});
  };

  const stop = async (reason: string) => {
    if (stopping) {
      if (reason.startsWith("SIG")) exit(0);
      return;
    }
    stopping = true;
    input.pause();
    const { pending } = dispatcher;
    // With stdout gone no answer can reach the client: nothing to wait for.
    if (pending.size > 0 && reason !== "stdout closed") {
      log.info(`${reason}: waiting up to ${drainMs} ms for ${pending.size} request(s) in progress`);
      if (!(await pending.idle(drainMs))) log.warn(`${pending.size} request(s) still running at shutdown`);
    }
    log.info(`shutting down (${reason})`);
    await transport.close();
    // Let the last answers reach the client before the process ends.
    output.write("", () => exit(0));
  };

  input.on("end", () => void stop("stdin closed"));
  input.on("close", () => void stop("stdin closed"));
  output.on("error", () => void stop("stdout closed"));
  signals.on("SIGINT", () => void stop("SIGINT"));
  signals.on("SIGTERM", () => void stop("SIGTERM"));

  await transport.start();
}
