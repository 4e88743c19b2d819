import type { CallToolResult, InputRequiredResult, Tool as McpTool } from "@modelcontextprotocol/server";
import type { ZodTypeAny } from "zod/v3";
import type { DestinationConfig } from "../policy/destination.js";
import { InputError } from "../policy/input-error.js";
import type { Logger } from "../process/log.js";
import { quoted } from "../text/inert.js";
import { redactDeep } from "../text/redact.js";
import { upstreamLimit } from "../tools/fields.js";
import type { Tool, ToolContext } from "../tools/tool.js";
import { V0CancelledError, V0HttpError } from "../v0/errors.js";
import type { HooksApi } from "../v0/types.js";
import { callDigest, type Person } from "./ask-person.js";
import { type Needed, neededFor, PersonDeclinedError } from "./consent.js";
import { describeTools } from "./describe-tools.js";
import { describeError, type KeySource } from "./error-text.js";
import { inFieldOrder, zodProblems } from "./input-text.js";
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
  /** Ask the person before a destructive call, when the client can ask (V0_CONFIRM_DELETES; default on). */
  confirmDeletes?: boolean;
  /** Marks every result as coming from the in-memory sandbox. */
  sandbox: boolean;
  /** Scrubs secrets (the API key) from results; the logger scrubs its own lines. */
  redact: (text: string) => string;
  /** Whose v0 key the calls carry: the server's, or each HTTP caller's own (v0-key or oauth). */
  keyFrom?: KeySource;
  log: Logger;
}

/**
 * The outcome of tools/call: a tool result (success or isError), questions for the person
 * (`input_required`), or an unknown tool (a JSON-RPC error).
 */
export type CallOutcome =
  | { kind: "result"; result: CallToolResult }
  | { kind: "ask"; result: InputRequiredResult }
  | { kind: "unknown-tool"; message: string };

/** One request's context: when it is cancelled, and the person its client can ask, if any. */
export interface CallContext {
  signal: AbortSignal;
  person?: Person | undefined;
}

/** A tool run for a read (a resource): its output as an agent gets it, or why it failed. */
export type ReadOutcome =
  | { ok: true; value: unknown }
  | { ok: false; text: string; cause: "arguments" | "not-found" | "failed" };

export interface ToolHandlers {
  list(): { tools: McpTool[] };
  call(name: string, args: unknown, context: CallContext): Promise<CallOutcome>;
  /**
   * Runs a tool that only reads, for a resource: the same validation, budget, scrubbing and
   * inert output as tools/call, without the result's text.
   */
  read?(tool: Tool, args: unknown, signal: AbortSignal): Promise<ReadOutcome>;
  /** The tools offered (the prompts and resources offered follow from them). */
  tools?: readonly Tool[];
  /** Where webhook URLs may point (the audit prompt names the allow-list). */
  destinations?: DestinationConfig;
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

  const consent = {
    destinations: deps.destinations,
    confirmDestructive: deps.confirmDeletes ?? true,
    redact,
  };
  const contextFor = (signal: AbortSignal): ToolContext => ({
    api: deps.api,
    signal,
    deadline: Date.now() + deps.timeoutMs,
  });

  /** Validates the arguments, runs the tool within its budget, and makes its output presentable. */
  async function execute(tool: Tool, input: Record<string, unknown>, signal: AbortSignal) {
    const output = tool.outputSchema.parse(await tool.run(input, contextFor(signal)));
    // What v0 answered is data: scrubbed, made inert and cut to size before the agent sees it.
    return presentable(output, { redact, limitFor: upstreamLimit });
  }

  /**
   * The call's arguments, validated, and what a person must answer before it runs. Every problem
   * is found before any is reported, so an agent fixes them all in one round: the schema's issues,
   * fields of which one is required (`requireOneOf`), and the destination policy's refusal of a URL
   * that is otherwise well formed, as one InputError, a line each, in the schema's field order.
   */
  function validate(tool: Tool, args: unknown, canAsk: boolean): { input: Record<string, unknown>; needed: Needed[] } {
    const fields = Object.keys(tool.inputSchema.shape);
    const parsed = tool.inputSchema.safeParse(args);
    const problems = parsed.success ? [] : zodProblems(parsed.error, fields, tool.fieldHints);
    const given = isRecord(args) ? args : {};
    const oneOf = tool.requireOneOf ?? [];
    if (oneOf.length > 0 && !oneOf.some((field) => given[field] !== undefined)) {
      problems.push(`give at least one of ${orList(oneOf)}; the call has none of them`);
    }
    let needed: Needed[] = [];
    try {
      // Without valid arguments, the URLs that are valid on their own are still checked.
      needed = neededFor(tool, parsed.success ? parsed.data : wellFormed(tool, given), canAsk, consent);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
    if (!parsed.success || problems.length > 0) throw new InputError(inFieldOrder(problems, fields));
    return { input: parsed.data, needed };
  }

  function failure(tool: Tool, input: Record<string, unknown> | undefined, error: unknown): string {
    const hints = input && { notFound: tool.hints.notFound(input), lostAnswer: tool.hints.lostAnswer?.(input) };
    const text = describeError(error, {
      toolName: tool.name,
      redact,
      ...(deps.keyFrom && { keyFrom: deps.keyFrom }),
      ...(hints && { hints }),
    });
    if (
      !(error instanceof InputError) &&
      !(error instanceof V0CancelledError) &&
      !(error instanceof PersonDeclinedError)
    )
      log.warn(`${tool.name} failed: ${text}`);
    return text;
  }

  async function run(tool: Tool, args: unknown, context: CallContext): Promise<CallOutcome> {
    let input: Record<string, unknown> | undefined;
    try {
      const { person } = context;
      const valid = validate(tool, args, person !== undefined);
      input = valid.input;
      const { needed } = valid;
      if (person && needed.length > 0) {
        const call = await callDigest(tool.name, input);
        const keys = needed.map((question) => question.key);
        const answers = person.answers(call, keys);
        if (answers === undefined) {
          const questions = [];
          for (const question of needed) questions.push(await question.question(contextFor(context.signal)));
          return { kind: "ask", result: await person.ask(call, questions) };
        }
        for (const question of needed) {
          const answer = answers.get(question.key);
          if (answer !== "accept") question.refuse(answer);
        }
      }
      const { value, cut } = await execute(tool, input, context.signal);
      return {
        kind: "result",
        result: {
          content: [
            {
              type: "text",
              text: `${mark}${tool.summarize(value)}${cut ? ` ${cut}` : ""}\n\n${JSON.stringify(value, null, 2)}`,
            },
          ],
          structuredContent: value,
        },
      };
    } catch (error) {
      return {
        kind: "result",
        result: { isError: true, content: [{ type: "text", text: `${mark}${failure(tool, input, error)}` }] },
      };
    }
  }

  return {
    tools,
    destinations: deps.destinations,
    list: () => ({ tools: describeTools(tools) }),
    async read(tool, args, signal) {
      let input: Record<string, unknown> | undefined;
      try {
        input = validate(tool, args, false).input;
        return { ok: true, value: redactDeep((await execute(tool, input, signal)).value, redact) };
      } catch (error) {
        const text = redact(failure(tool, input, error));
        const cause =
          error instanceof InputError
            ? "arguments"
            : error instanceof V0HttpError && error.status === 404
              ? "not-found"
              : "failed";
        return { ok: false, text, cause };
      }
    },
    async call(name, args, context) {
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
      const outcome = await run(tool, args ?? {}, context);
      // The one scrubbing rule, applied last, to everything the result holds.
      return outcome.kind === "result" ? { kind: "result", result: redactDeep(outcome.result, redact) } : outcome;
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The tool's destination fields whose values pass their own schema, as that schema parses them. */
function wellFormed(tool: Tool, args: Record<string, unknown>): Record<string, unknown> {
  const shape = tool.inputSchema.shape as Record<string, ZodTypeAny>;
  const valid: Record<string, unknown> = {};
  for (const field of tool.destinationFields ?? []) {
    const parsed = shape[field]?.safeParse(args[field]);
    if (parsed?.success) valid[field] = parsed.data;
  }
  return valid;
}

/** "a, b or c", for text that names fields. */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
