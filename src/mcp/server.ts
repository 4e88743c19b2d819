import { type McpRequestContext, ProtocolError, ProtocolErrorCode, Server } from "@modelcontextprotocol/server";
import { CAPABILITIES, INSTRUCTIONS, LIST_CACHE_HINT, SERVER_NAME, SERVER_TITLE } from "./server-info.js";
import type { ToolHandlers } from "./tool-calls.js";

/**
 * A fresh MCP server, as the SDK's serving entries (`serveStdio`, `createMcpHandler`) ask for one;
 * over HTTP the context carries the request's checked credentials (`authInfo`).
 */
export type ServerFactory = (context?: McpRequestContext) => Server;

/**
 * The one definition of this MCP server, served over stdio and HTTP, to 2026-07-28 clients
 * (`server/discover`, per-request `_meta`) and to 2025-era ones (`initialize`) alike: the SDK's
 * entries pick the protocol generation and build an instance from this factory for it.
 *
 * The low-level `Server`, not `McpServer`: tools/list advertises exactly the JSON Schemas generated
 * from our zod schemas (test/integration/__snapshots__/tools-list.json), arguments are validated once, by
 * those zod schemas, at our tool boundary (tool-calls.ts), and the capabilities say what is true:
 * `tools: {}`, a list that never changes while the process runs (McpServer would announce
 * `listChanged`, validate arguments a second time and answer an unknown or read-only-disabled tool
 * in its own words).
 */
export function createServerFactory(handlers: ToolHandlers, version: string): ServerFactory {
  return () => {
    const server = new Server(
      { name: SERVER_NAME, title: SERVER_TITLE, version },
      {
        capabilities: CAPABILITIES,
        instructions: INSTRUCTIONS,
        cacheHints: { "tools/list": LIST_CACHE_HINT, "server/discover": LIST_CACHE_HINT },
      },
    );
    server.setRequestHandler("tools/list", () => handlers.list());
    server.setRequestHandler("tools/call", async (request, context) => {
      const outcome = await handlers.call(request.params.name, request.params.arguments, context.mcpReq.signal);
      if (outcome.kind === "unknown-tool") throw new ProtocolError(ProtocolErrorCode.InvalidParams, outcome.message);
      return outcome.result;
    });
    return server;
  };
}
