import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import { CAPABILITIES, INSTRUCTIONS, SERVER_NAME, SERVER_TITLE } from "./server-info.js";
import type { ToolHandlers } from "./tool-calls.js";

/**
 * The SDK's Server validates elicitation answers with a JSON Schema validator (ajv by default).
 * This server never elicits, so it builds no validator (and the bundle leaves ajv out).
 */
const noSchemaValidation: jsonSchemaValidator = {
  getValidator() {
    throw new Error("v0-webhooks-mcp does not validate JSON Schemas at run time");
  },
};

/**
 * An MCP server over the low-level SDK `Server`, so the JSON Schemas it advertises are exactly the
 * ones generated from zod (McpServer would add `$ref` pointers and its own validation).
 */
export function createServer(handlers: ToolHandlers, version: string): Server {
  const server = new Server(
    { name: SERVER_NAME, title: SERVER_TITLE, version },
    { capabilities: CAPABILITIES, instructions: INSTRUCTIONS, jsonSchemaValidator: noSchemaValidation },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => handlers.list());
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const outcome = await handlers.call(request.params.name, request.params.arguments, extra.signal);
    if (outcome.kind === "unknown-tool") throw new McpError(ErrorCode.InvalidParams, outcome.message);
    return outcome.result;
  });
  return server;
}
