import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool as McpTool,
} from "@modelcontextprotocol/sdk/types.js";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import type { Config } from "./config.js";
import { describeError } from "./errors/error-message.js";
import { describeZodError, InputError } from "./errors/input-error.js";
import type { InFlight } from "./in-flight.js";
import type { Logger } from "./log.js";
import { toJsonSchema } from "./schema/to-json-schema.js";
import { CAPABILITIES, INSTRUCTIONS, SERVER_NAME, SERVER_TITLE } from "./server-info.js";
import { createRedactor, redactDeep } from "./text/redact.js";
import type { Tool, ToolContext } from "./tools/tool.js";
import { V0CancelledError } from "./v0/errors.js";
import type { HooksApi } from "./v0/types.js";

export const SANDBOX_MARK = "[SANDBOX: in-memory v0 API, nothing was sent to v0]";

export interface ServerDeps {
  config: Config;
  api: HooksApi;
  /** The tools offered. */
  tools: readonly Tool[];
  /** Known tools that are switched off (e.g. read-only mode), with the reason a call is refused. */
  disabled?: ReadonlyMap<string, string>;
  version: string;
  log: Logger;
  /** Tracks calls in progress for a graceful shutdown. */
  inFlight?: InFlight;
}

/**
 * The SDK's Server validates elicitation answers with a JSON Schema validator (ajv by default).
 * This server never elicits, so it builds no validator (and the bundle leaves ajv out).
 */
const noSchemaValidation: jsonSchemaValidator = {
  getValidator() {
    throw new Error("v0-webhooks-mcp does not validate JSON Schemas at run time");
  },
};

const described = new WeakMap<readonly Tool[], McpTool[]>();

/** The advertised tool list, generated from the tools' zod schemas once per list of tools. */
export function describeTools(tools: readonly Tool[]): McpTool[] {
  const cached = described.get(tools);
  if (cached) return cached;
  const list = tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: toJsonSchema(tool.inputSchema, "input"),
    outputSchema: toJsonSchema(tool.outputSchema, "output"),
    annotations: tool.annotations,
  }));
  described.set(tools, list);
  return list;
}

/**
 * An MCP server over the low-level SDK `Server`, so the JSON Schemas it advertises are exactly the
 * ones generated here (McpServer would add `$ref` pointers and its own validation).
 */
export function createServer(deps: ServerDeps): Server {
  const { tools, config, log } = deps;
  const server = new Server(
    { name: SERVER_NAME, title: SERVER_TITLE, version: deps.version },
    { capabilities: CAPABILITIES, instructions: INSTRUCTIONS, jsonSchemaValidator: noSchemaValidation },
  );
  const listed = describeTools(tools);
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const redact = createRedactor([config.apiKey]);

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = byName.get(request.params.name);
    const disabledReason = deps.disabled?.get(request.params.name);
    if (!tool && disabledReason) {
      return { isError: true, content: [{ type: "text", text: `${request.params.name} ${disabledReason}` }] };
    }
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool ${JSON.stringify(request.params.name.slice(0, 100))}${request.params.name.length > 100 ? "…" : ""}; available tools: ${[...byName.keys()].join(", ")}`,
      );
    }
    const context: ToolContext = { api: deps.api, config, signal: extra.signal };
    const call = callTool(tool, request.params.arguments ?? {}, context, config.sandbox, log, redact);
    const result = await (deps.inFlight ? deps.inFlight.track(call) : call);
    return redactDeep(result, redact);
  });

  return server;
}

async function callTool(
  tool: Tool,
  args: unknown,
  context: ToolContext,
  sandbox: boolean,
  log: Logger,
  redact: (text: string) => string,
): Promise<CallToolResult> {
  const mark = sandbox ? `${SANDBOX_MARK} ` : "";
  try {
    const parsed = tool.inputSchema.safeParse(args);
    if (!parsed.success) {
      throw new InputError(describeZodError(parsed.error, Object.keys(tool.inputSchema.shape), tool.fieldHints));
    }
    const output = tool.outputSchema.parse(await tool.run(parsed.data, context));
    return {
      content: [{ type: "text", text: `${mark}${tool.summarize(output)}\n\n${JSON.stringify(output, null, 2)}` }],
      structuredContent: output,
    };
  } catch (error) {
    const text = describeError(error, { toolName: tool.name, notFoundHint: tool.notFoundHint });
    if (!(error instanceof InputError) && !(error instanceof V0CancelledError)) {
      log.warn(redact(`${tool.name} failed: ${text}`));
    }
    return { isError: true, content: [{ type: "text", text: `${mark}${text}` }] };
  }
}
