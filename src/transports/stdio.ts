import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { InFlight } from "../in-flight.js";
import type { Logger } from "../log.js";
import { initializeResult } from "../server-info.js";
import type { ToolHandlers } from "../tool-calls.js";
import { LineTransport } from "./line-transport.js";

export interface Loaded {
  server: Server;
  handlers: ToolHandlers;
  inFlight: InFlight;
}

export interface StdioOptions {
  log: Logger;
  version: string;
  /** Loads the SDK, the tools and the v0 client, and builds the server. */
  load: () => Promise<Loaded>;
  /** How long calls in progress may take to finish at shutdown. */
  drainMs: number;
  exit?: (code: number) => void;
}

/**
 * Serves over stdio; stdout carries JSON-RPC only.
 *
 * Start-up: desktop clients start every server at launch and some give up after a fixed time, so
 * the first `initialize` is answered from static data (server-info.ts) before the SDK, zod and the
 * tools are loaded. They load right after; messages that arrive meanwhile wait and are then handed
 * to the SDK's Server in order, starting with that same `initialize`, so the Server's own state
 * is exactly as if it had answered (its duplicate answer is not sent).
 *
 * Calls: tools/list and tools/call, the hot path, go straight to the tool handlers; everything
 * else (initialize, ping, notifications, unknown methods) goes to the SDK's Server. The SDK
 * classifies every message by trying zod schemas in turn and parses each call twice more, which
 * cost far more per call than the v0 request itself (see `npm run bench`).
 *
 * Shutdown: the SDK transport does not notice when stdin closes, so this does: the client going
 * away (stdin end), SIGINT and SIGTERM stop reading, let calls in progress finish (up to
 * `drainMs`), flush stdout and exit 0. A second signal exits at once.
 */
export async function serveStdio(options: StdioOptions): Promise<void> {
  const { log, drainMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const transport = new LineTransport(process.stdin, process.stdout);
  const waiting: JSONRPCMessage[] = [];
  let answeredFast = false;
  /** The id of the `initialize` answered from static data, whose SDK answer is not sent again. */
  let swallow: string | number | undefined;
  let runtime: Loaded | undefined;
  let loading: Promise<void> | undefined;
  let stopping = false;

  const onError = (error: Error) =>
    log.warn(`ignored input that is not a JSON-RPC message: ${error.message.slice(0, 200)}`);

  const load = () => {
    loading ??= (async () => {
      // Let the answer to `initialize` leave before loading blocks the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      const loaded = await options.load();
      loaded.server.onerror = onError;
      const send = transport.send.bind(transport);
      // The Server answers the replayed `initialize` too; the client already has that answer.
      transport.send = (message) => {
        if (swallow !== undefined && "id" in message && message.id === swallow && !("method" in message)) {
          swallow = undefined;
          return Promise.resolve();
        }
        return send(message);
      };
      // Protocol.connect chains any handlers already set; from here on the Server owns them.
      transport.onmessage = undefined;
      transport.onerror = undefined;
      await loaded.server.connect(transport);
      const toSdk = transport.onmessage as ((message: JSONRPCMessage) => void) | undefined;
      const fast = fastToolCalls(loaded.handlers, (message) => transport.send(message));
      transport.onmessage = (message) => {
        if (!fast(message)) toSdk?.(message);
      };
      runtime = loaded;
      const deliver = transport.onmessage as ((message: JSONRPCMessage) => void) | undefined;
      for (const message of waiting.splice(0)) deliver?.(message);
    })().catch((error: unknown) => {
      log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
      exit(1);
    });
    return loading;
  };

  transport.onerror = onError;
  transport.onmessage = (message) => {
    waiting.push(message);
    if (!answeredFast && runtime === undefined && isInitialize(message)) {
      answeredFast = true;
      swallow = message.id;
      void transport.send({
        jsonrpc: "2.0",
        id: message.id,
        result: { ...initializeResult(message.params.protocolVersion, options.version) },
      });
    }
    void load();
  };

  const stop = async (reason: string) => {
    if (stopping) {
      if (reason.startsWith("SIG")) exit(0);
      return;
    }
    stopping = true;
    process.stdin.pause();
    // Requests that arrived while the runtime was loading are still waiting: let them be answered.
    if (loading) await loading;
    const inFlight = runtime?.inFlight;
    if (inFlight && inFlight.size > 0) {
      log.info(`${reason}: waiting up to ${drainMs} ms for ${inFlight.size} call(s) in progress`);
      if (!(await inFlight.idle(drainMs))) log.warn(`${inFlight.size} call(s) still running at shutdown`);
      // A finished handler's answer is written by the SDK in the microtasks that follow; let them run.
      await new Promise((resolve) => setImmediate(resolve));
    }
    log.info(`shutting down (${reason})`);
    await (runtime ? runtime.server.close() : transport.close()).catch(() => {});
    // Let the last answers reach the client before the process ends.
    process.stdout.write("", () => exit(0));
  };

  process.stdin.on("end", () => void stop("stdin closed"));
  process.stdin.on("close", () => void stop("stdin closed"));
  process.stdout.on("error", () => void stop("stdout closed"));
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  await transport.start();
}

interface InitializeRequest {
  id: string | number;
  params: { protocolVersion: string };
}

/** Only a well-formed `initialize` gets the static answer; anything odd waits for the SDK's verdict. */
function isInitialize(message: JSONRPCMessage): message is JSONRPCMessage & InitializeRequest {
  if (!("method" in message) || message.method !== "initialize" || !("id" in message)) return false;
  const params = (message as { params?: unknown }).params as Record<string, unknown> | undefined;
  const client = params?.clientInfo as Record<string, unknown> | undefined;
  return (
    typeof params?.protocolVersion === "string" &&
    typeof params.capabilities === "object" &&
    params.capabilities !== null &&
    typeof client?.name === "string" &&
    typeof client.version === "string"
  );
}

type Send = (message: JSONRPCMessage) => Promise<void>;

/**
 * Answers tools/list and tools/call directly, and cancels them on notifications/cancelled.
 * Returns false for any other message, which then goes to the SDK's Server.
 */
export function fastToolCalls(handlers: ToolHandlers, send: Send): (message: JSONRPCMessage) => boolean {
  const calls = new Map<string | number, AbortController>();

  const answer = async (id: string | number, name: string, args: unknown) => {
    const controller = new AbortController();
    calls.set(id, controller);
    try {
      const outcome = await handlers.call(name, args, controller.signal);
      // A cancelled request gets no answer (MCP cancellation).
      if (controller.signal.aborted) return;
      await send(
        outcome.kind === "result"
          ? { jsonrpc: "2.0", id, result: outcome.result }
          : { jsonrpc: "2.0", id, error: { code: -32602, message: outcome.message } },
      );
    } catch {
      // The handlers turn every failure into a result; this is a last line so no call goes unanswered.
      if (!controller.signal.aborted)
        await send({ jsonrpc: "2.0", id, error: { code: -32603, message: "Internal error" } });
    } finally {
      if (calls.get(id) === controller) calls.delete(id);
    }
  };

  return (message) => {
    const method = "method" in message ? message.method : undefined;
    const id = "id" in message ? message.id : undefined;
    const params = (message as { params?: unknown }).params;
    if (method === "notifications/cancelled" && id === undefined) {
      const requestId = isObject(params) ? params.requestId : undefined;
      const controller =
        typeof requestId === "string" || typeof requestId === "number" ? calls.get(requestId) : undefined;
      if (!controller) return false;
      controller.abort(isObject(params) ? params.reason : undefined);
      return true;
    }
    if (id === undefined || (method !== "tools/list" && method !== "tools/call")) return false;
    if (method === "tools/list") {
      void send({ jsonrpc: "2.0", id, result: handlers.list() });
      return true;
    }
    const name = isObject(params) ? params.name : undefined;
    const args = isObject(params) ? params.arguments : undefined;
    if (typeof name !== "string" || (args !== undefined && !isObject(args))) {
      void send({
        jsonrpc: "2.0",
        id,
        error: {
          code: -32602,
          message: "Invalid params: tools/call needs params.name (a string) and params.arguments (an object, if given)",
        },
      });
      return true;
    }
    void answer(id, name, args);
    return true;
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
