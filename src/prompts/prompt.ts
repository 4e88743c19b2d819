import type { z } from "zod/v3";
import type { DestinationConfig } from "../policy/destination.js";
import type { Tool } from "../tools/tool.js";

/** What a prompt's messages may depend on: the tools offered and where webhooks may point. */
export interface PromptContext {
  tools: readonly Tool[];
  destinations: DestinationConfig;
}

/**
 * One MCP prompt, whole (a slash command in Claude Code, VS Code and Claude): its arguments are a
 * zod object of optional strings, each with `.describe()`, which prompts/list advertises and
 * prompts/get validates; `complete` offers values for an argument as it is typed.
 */
export interface Prompt<A extends z.AnyZodObject = z.AnyZodObject> {
  name: string;
  title: string;
  description: string;
  arguments: A;
  complete?: Readonly<Record<string, (typed: string) => string[]>>;
  /** The tools its messages lead the agent to call: it is offered only when all of them are. */
  uses: readonly Tool[];
  /** The user message(s) it puts in the conversation. */
  messages(args: z.output<A>, context: PromptContext): string[];
}

export function definePrompt<A extends z.AnyZodObject>(prompt: Prompt<A>): Prompt<A> {
  return prompt;
}

/** `name {"a":1}`: a tool call written out for the agent. */
export function call(tool: Tool, args: Record<string, unknown> = {}): string {
  return `\`${tool.name} ${JSON.stringify(args)}\``;
}

/** Whether this tool is offered (read-only mode leaves the changing ones out). */
export function offers(context: PromptContext, tool: Tool): boolean {
  return context.tools.includes(tool);
}
