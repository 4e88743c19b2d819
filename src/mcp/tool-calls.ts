import type { CallToolResult, Tool as McpTool } from "@modelcontextprotocol/server";
import { assertAllowedDestination, type DestinationConfig } from "../policy/destination.js";
import { InputError } from "../policy/input-error.js";
import type { Logger } from "../process/log.js";
import { quoted } from "../text/inert.js";
import { redactDeep } from "../text/redact.js";
import { upstreamLimit } from "../tools/fields.js";
import type { Tool, ToolContext } from "../tools/tool.js";
import { V0CancelledError } from "../v0/errors.js";
import type { HooksApi } from "../v0/types.js";
import { describeTools } from "./describe-tools.js";
import { describeError } from "./error-text.js";
import { describeZodError } from "./input-text.js";
import { presentable } from "./presentable.js";

export const SANDBOX_MARK = "[SANDBOX: in-memory v0 API, nothing was sent to v0]";

export interface ToolCallDeps {
  api: HooksApi;
  /** The tools offered. */
  tools: readonly Tool[];
  /** Known tools that are switched off (e.g. read-only mode), with the reason a call is refused. */
  disabled?: ReadonlyMap<string, string>;
  /** Where webhook URLs may point; checked here for every tool's `destinationFields`. */
  destinations: DestinationConfig;
  /** V0_TIMEOUT_MS: the budget of one call, retries included. */
  timeoutMs: number;
  /** Marks every result as coming from the in-memory sandbox. */
  sandbox: boolean;
  /** Scrubs secrets (the API key) from results; the logger scrubs its own lines. */
  redact: (text: string) => string;
  log: Logger;
}

/** The outcome of tools/call: a tool result (success or isError), or an unknown tool (a JSON-RPC error). */
export type CallOutcome = { kind: "result"; result: CallToolResult } | { kind: "unknown-tool"; message: string };

export interface ToolHandlers {
  list(): { tools: McpTool[] };
  call(name: string, args: unknown, signal: AbortSignal): Promise<CallOutcome>;
}

/**
 * tools/list and tools/call, with the one error boundary: arguments are validated once, by the
 * tool's zod schema, and its destination fields checked against the policy; every failure becomes
 * an `isError` result an agent can act on, scrubbed of the API key. The MCP server definition
 * (mcp/server.ts) answers tools/list and tools/call with these, on both transports.
 */
export function createToolHandlers(deps: ToolCallDeps): ToolHandlers {
  const { tools, log, redact } = deps;
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const mark = deps.sandbox ? `${SANDBOX_MARK} ` : "";

  async function run(tool: Tool, args: unknown, signal: AbortSignal): Promise<CallToolResult> {
    const context: ToolContext = { api: deps.api, signal, deadline: Date.now() + deps.timeoutMs };
    let input: Record<string, unknown> | undefined;
    try {
      const parsed = tool.inputSchema.safeParse(args);
      if (!parsed.success) {
        throw new InputError(describeZodError(parsed.error, Object.keys(tool.inputSchema.shape), tool.fieldHints));
      }
      input = parsed.data;
      for (const field of tool.destinationFields ?? []) {
        const url: unknown = parsed.data[field];
        if (typeof url === "string") assertAllowedDestination(url, deps.destinations);
      }
      const output = tool.outputSchema.parse(await tool.run(parsed.data, context));
      // What v0 answered is data: scrubbed, made inert and cut to size before the agent sees it.
      const { value, cut } = presentable(output, { redact, limitFor: upstreamLimit });
      return {
        content: [
          {
            type: "text",
            text: `${mark}${tool.summarize(value)}${cut ? ` ${cut}` : ""}\n\n${JSON.stringify(value, null, 2)}`,
          },
        ],
        structuredContent: value,
      };
    } catch (error) {
      const hints = input && { notFound: tool.hints.notFound(input), lostAnswer: tool.hints.lostAnswer?.(input) };
      const text = describeError(error, { toolName: tool.name, redact, ...(hints && { hints }) });
      if (!(error instanceof InputError) && !(error instanceof V0CancelledError))
        log.warn(`${tool.name} failed: ${text}`);
      return { isError: true, content: [{ type: "text", text: `${mark}${text}` }] };
    }
  }

  return {
    list: () => ({ tools: describeTools(tools) }),
    async call(name, args, signal) {
      const tool = byName.get(name);
      if (!tool) {
        const disabledReason = deps.disabled?.get(name);
        if (disabledReason) {
          return {
            kind: "result",
            result: { isError: true, content: [{ type: "text", text: `${name} ${disabledReason}` }] },
          };
        }
        return {
          kind: "unknown-tool",
          message: `Unknown tool ${quoted(redact(name), 100)}; available tools: ${[...byName.keys()].join(", ")}`,
        };
      }
      const result = await run(tool, args ?? {}, signal);
      // The one scrubbing rule, applied last, to everything the result holds.
      return { kind: "result", result: redactDeep(result, redact) };
    },
  };
}
