import { type McpRequestContext, ProtocolError, ProtocolErrorCode, Server } from "@modelcontextprotocol/server";
import type { DestinationConfig } from "../policy/destination.js";
import { selectPrompts } from "../prompts/index.js";
import { allResources, selectResourceTemplates } from "../resources/index.js";
import { personFor, verifyAskState } from "./ask-person.js";
import { createPromptHandlers } from "./prompts.js";
import { createResourceHandlers } from "./resources.js";
import { CAPABILITIES, INSTRUCTIONS, LIST_CACHE_HINT, SERVER_NAME, SERVER_TITLE } from "./server-info.js";
import type { ToolHandlers } from "./tool-calls.js";

/**
 * A fresh MCP server, as the SDK's serving entries (`serveStdio`, `createMcpHandler`) ask for one;
 * over HTTP the context carries the request's checked credentials (`authInfo`).
 */
export type ServerFactory = (context?: McpRequestContext) => Server;

const NO_DESTINATION_RULES: DestinationConfig = {
  allowHttpWebhooks: false,
  allowedWebhookHosts: undefined,
  allowPrivateWebhooks: false,
};

/**
 * The one definition of this MCP server, served over stdio and HTTP, to 2026-07-28 clients
 * (`server/discover`, per-request `_meta`) and to 2025-era ones (`initialize`) alike: the SDK's
 * entries pick the protocol generation and build an instance from this factory for it.
 *
 * The low-level `Server`, not `McpServer`: tools/list advertises exactly the JSON Schemas generated
 * from our zod schemas (test/integration/__snapshots__/tools-list.json), arguments are validated once, by
 * those zod schemas, at our tool boundary (tool-calls.ts), and the capabilities say what is true:
 * tools, prompts, resources and completions, lists that never change while the process runs
 * (McpServer would announce `listChanged`, validate arguments a second time and answer an unknown
 * or read-only-disabled tool in its own words).
 *
 * The prompts and the resource templates offered follow from the tools offered (read-only mode
 * keeps those that only read). A tool call that needs a person's yes answers `input_required`
 * (ask-person.ts), whose sealed request state this server alone can verify.
 */
export function createServerFactory(handlers: ToolHandlers, version: string): ServerFactory {
  const offered = handlers.tools ?? [];
  const prompts = createPromptHandlers(selectPrompts(offered), {
    tools: offered,
    destinations: handlers.destinations ?? NO_DESTINATION_RULES,
  });
  const resources = createResourceHandlers(allResources, selectResourceTemplates(offered), handlers);
  return () => {
    const server = new Server(
      { name: SERVER_NAME, title: SERVER_TITLE, version },
      {
        capabilities: CAPABILITIES,
        instructions: INSTRUCTIONS,
        cacheHints: {
          "tools/list": LIST_CACHE_HINT,
          "prompts/list": LIST_CACHE_HINT,
          "resources/list": LIST_CACHE_HINT,
          "resources/templates/list": LIST_CACHE_HINT,
          "server/discover": LIST_CACHE_HINT,
        },
        requestState: { verify: verifyAskState },
      },
    );
    server.setRequestHandler("tools/list", () => handlers.list());
    server.setRequestHandler("tools/call", async (request, context) => {
      const outcome = await handlers.call(request.params.name, request.params.arguments, {
        signal: context.mcpReq.signal,
        person: personFor(server, context),
      });
      if (outcome.kind === "unknown-tool") throw new ProtocolError(ProtocolErrorCode.InvalidParams, outcome.message);
      return outcome.result;
    });
    server.setRequestHandler("prompts/list", () => prompts.list());
    server.setRequestHandler("prompts/get", (request) => prompts.get(request.params.name, request.params.arguments));
    server.setRequestHandler("completion/complete", (request) => prompts.complete(request.params));
    server.setRequestHandler("resources/list", () => resources.list());
    server.setRequestHandler("resources/templates/list", () => resources.templates());
    server.setRequestHandler("resources/read", (request, context) =>
      resources.read(request.params.uri, context.mcpReq.signal),
    );
    return server;
  };
}
