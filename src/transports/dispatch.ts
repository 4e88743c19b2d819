import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { InFlight } from "../in-flight.js";
import { initializeResult } from "../server-info.js";
import type { ToolHandlers } from "../tool-calls.js";

/** JSON-RPC 2.0 error codes. */
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;

type Id = string | number;
type Params = Record<string, unknown>;

export interface DispatchOptions {
  version: string;
  send: (message: JSONRPCMessage) => Promise<void>;
  /** The tool handlers, or a promise of them while they load (the first tools/* call waits). */
  handlers: () => ToolHandlers | Promise<ToolHandlers>;
  /** Told about input that is not a message this server can handle (it is otherwise ignored). */
  onIgnored?: (reason: string) => void;
}

export interface Dispatcher {
  /** Handles one incoming message; answers requests through `send`, in whatever order they finish. */
  dispatch(message: JSONRPCMessage): void;
  /** Requests accepted and not yet answered (tools/* calls, and any waiting for the tools to load). */
  readonly pending: InFlight;
}

/**
 * The MCP server side of a stdio session, without the SDK's `Server`: this server offers tools
 * and nothing else, so the protocol it speaks is small: `initialize` (answered from static data,
 * exactly as the SDK's Server answers it: test/server-info.test.ts), `ping`, `tools/list`,
 * `tools/call`, `notifications/cancelled` (aborts the call, which then gets no answer), other
 * notifications and stray responses (ignored), and -32601 for any other method.
 *
 * Why not the SDK's Server: its module graph (its zod schemas for the whole protocol) is about
 * 9 MiB of heap, and it classifies every message by trying those schemas in turn and parses each
 * call twice more, which cost more per call than the v0 request itself (`npm run bench`). The HTTP
 * transport still uses the SDK's Server (src/server.ts). Real clients run against this in tests:
 * the SDK's Client (test/e2e-stdio.test.ts), the Inspector, the AI SDK and LangChain (test/clients/).
 */
export function createDispatcher(options: DispatchOptions): Dispatcher {
  const { send, version } = options;
  const pending = new InFlight();
  const calls = new Map<Id, AbortController>();
  const ignored = (reason: string) => options.onIgnored?.(reason);

  const error = (id: Id, code: number, message: string) => send({ jsonrpc: "2.0", id, error: { code, message } });
  const result = (id: Id, value: Record<string, unknown>) => send({ jsonrpc: "2.0", id, result: value });

  const callTool = async (id: Id, name: string, args: Params | undefined) => {
    const controller = new AbortController();
    // A request reusing the id of one in progress takes over its cancellation (as in the SDK);
    // both are answered.
    calls.set(id, controller);
    try {
      const handlers = await options.handlers();
      // Cancelled while the tools were loading: do not start it.
      if (controller.signal.aborted) return;
      const outcome = await handlers.call(name, args, controller.signal);
      // A cancelled request gets no answer (MCP cancellation).
      if (controller.signal.aborted) return;
      await (outcome.kind === "result"
        ? send({ jsonrpc: "2.0", id, result: outcome.result })
        : error(id, INVALID_PARAMS, outcome.message));
    } catch {
      // The handlers turn every failure into a result; this is a last line so no call goes unanswered.
      if (!controller.signal.aborted) await error(id, INTERNAL_ERROR, "Internal error");
    } finally {
      if (calls.get(id) === controller) calls.delete(id);
    }
  };

  const listTools = async (id: Id) => {
    try {
      const handlers = await options.handlers();
      await result(id, handlers.list());
    } catch {
      await error(id, INTERNAL_ERROR, "Internal error");
    }
  };

  const request = (id: Id, method: string, params: Params | undefined): void => {
    switch (method) {
      case "tools/call": {
        const name = params?.name;
        const args = params?.arguments;
        if (typeof name !== "string" || (args !== undefined && !isObject(args))) {
          void error(
            id,
            INVALID_PARAMS,
            "Invalid params: tools/call needs params.name (a string) and params.arguments (an object, if given)",
          );
          return;
        }
        void pending.track(callTool(id, name, args));
        return;
      }
      case "tools/list":
        void pending.track(listTools(id));
        return;
      case "ping":
        void result(id, {});
        return;
      case "initialize": {
        const client = params?.clientInfo;
        if (
          typeof params?.protocolVersion !== "string" ||
          !isObject(params.capabilities) ||
          !isObject(client) ||
          typeof client.name !== "string" ||
          typeof client.version !== "string"
        ) {
          void error(
            id,
            INVALID_PARAMS,
            "Invalid params: initialize needs params.protocolVersion (a string), params.capabilities (an object) and params.clientInfo with a name and a version (strings)",
          );
          return;
        }
        void result(id, { ...initializeResult(params.protocolVersion, version) });
        return;
      }
      default:
        void error(id, METHOD_NOT_FOUND, `Method not found: ${clip(method)} (this server offers tools only)`);
    }
  };

  const notification = (method: string, params: Params | undefined): void => {
    if (method !== "notifications/cancelled") return;
    const requestId = params?.requestId;
    if (typeof requestId !== "string" && typeof requestId !== "number") return;
    calls.get(requestId)?.abort(params?.reason);
  };

  return {
    pending,
    dispatch(message) {
      const fields = message as { id?: unknown; method?: unknown; params?: unknown };
      const { id, method, params } = fields;
      // A response: this server sends no requests, so there is nothing it could answer.
      if (method === undefined) return;
      if (typeof method !== "string") return ignored("a message whose method is not a string");
      if (params !== undefined && !isObject(params)) {
        if (isId(id)) void error(id, INVALID_PARAMS, `Invalid params: ${clip(method)} takes an object as params`);
        return;
      }
      if (!("id" in fields)) return notification(method, params);
      if (!isId(id)) return ignored(`a ${clip(method)} request whose id is neither a string nor a number`);
      request(id, method, params);
    },
  };
}

function isId(value: unknown): value is Id {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

function isObject(value: unknown): value is Params {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A method name as it may be echoed back: short and printable. */
function clip(text: string): string {
  const printable = text.slice(0, 100).replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(text.length > 100 ? `${printable}…` : printable);
}
