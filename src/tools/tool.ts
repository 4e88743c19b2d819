import type { z } from "zod/v3";
import { quoted } from "../text/inert.js";
import type { HooksApi, Webhook } from "../v0/types.js";

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What a tool gets to do its work: the v0 hooks API, and when to stop. */
export interface ToolContext {
  api: HooksApi;
  /** Aborted when the MCP client cancels the call. */
  signal: AbortSignal;
  /** When the whole call must be done (epoch ms): V0_TIMEOUT_MS from the call's start. */
  deadline: number;
}

/**
 * What the agent should do next when a call fails in a way only this tool can explain: each names
 * the tool and the arguments to call next, from the call's own (validated) input.
 */
export interface ToolHints<In = Record<string, unknown>> {
  /** What a 404 from v0 means for this tool, and what to call next. */
  notFound(input: In): string;
  /**
   * When v0 may have applied the request but its answer was lost (a timeout, a dropped
   * connection, a 5xx after sending): what happened and what to call next. Tools that only read
   * leave it out: a lost read changed nothing.
   */
  lostAnswer?(input: In): string;
}

/** A tool call written out for a hint: `get_webhook {"webhookId":"hook_1"}`. */
export function callText(tool: string, args: Record<string, unknown>): string {
  return `${tool} ${JSON.stringify(args)}`;
}

/**
 * A webhook named in a summary: `"Notify my app" (id "hook_1")`. Its strings come from v0, so they
 * are quoted (and, by the time a summary is written, already inert: see mcp/presentable.ts).
 */
export function hookText(hook: Pick<Webhook, "name" | "id">): string {
  return `${quoted(hook.name)} (id ${quoted(hook.id)})`;
}

/** What a webhook delivers, and where: `message.finished events of every chat to "https://my.app/hooks"`. */
export function deliveryText(hook: Pick<Webhook, "events" | "chatId" | "url">): string {
  return `${hook.events.join(", ")} events ${hook.chatId ? `of chat ${quoted(hook.chatId)}` : "of every chat"} to ${quoted(hook.url)}`;
}

/** The name of one of a tool's input fields: a misspelt one fails the type check. */
export type InputField<I extends z.AnyZodObject> = keyof I["shape"] & string;

/**
 * One MCP tool, whole: everything the rest of the server needs to know about it lives in its file
 * (generic code never names a tool). Its zod schemas are the single source of truth: they
 * validate input and output, and the JSON Schemas advertised in tools/list are generated from them.
 */
export interface Tool<I extends z.AnyZodObject = z.AnyZodObject, O extends z.ZodTypeAny = z.ZodTypeAny> {
  name: string;
  /** Shown to people; the annotations' title is this one (defineTool copies it). */
  title: string;
  description: string;
  /** One line on what it does, for `--help`, the MCP Bundle's manifest and the README. */
  summary: string;
  inputSchema: I;
  outputSchema: O;
  /** With the title, copied in from `title` by defineTool. */
  annotations: ToolAnnotations;
  /** Why the annotations are what they are (read-only or not, and the rest); in the README's tools table. */
  annotationsWhy: string;
  /** Input fields holding a webhook destination URL: the boundary checks each against the destination policy. */
  destinationFields?: readonly string[];
  /**
   * Optional input fields where null means something other than leaving the field out (list_webhooks'
   * chatId: the webhooks of every chat). They are advertised as string-or-null; elsewhere an optional
   * null is advertised as its non-null type, which more clients can map.
   */
  nullMeaningful?: readonly string[];
  /**
   * Fields of which a call must give at least one, though each is optional (update_webhook's name,
   * events and url). Checked at the boundary with the schema, so the answer names every problem at once.
   */
  requireOneOf?: readonly string[];
  /**
   * Extra advice when the agent sends one of these webhook fields, which this tool does not take
   * (chatId to update_webhook): what to do instead.
   */
  fieldHints?: Readonly<Partial<Record<keyof Webhook, string>>>;
  hints: ToolHints<z.output<I>>;
  run(input: z.output<I>, context: ToolContext): Promise<z.output<O>>;
  /** A one-line, human-readable summary of a successful result. */
  summarize(output: z.output<O>): string;
}

/**
 * A tool as its file writes it: the title once (not again in the annotations), and its field lists
 * as names of its own input fields, so a misspelt one fails the type check. (The Tool it becomes
 * holds them as plain strings: a list typed by I would make Tool<I> unassignable to Tool.)
 */
export interface ToolDefinition<I extends z.AnyZodObject, O extends z.ZodTypeAny>
  extends Omit<Tool<I, O>, "annotations" | "destinationFields" | "nullMeaningful" | "requireOneOf" | "fieldHints"> {
  annotations: Omit<ToolAnnotations, "title">;
  destinationFields?: readonly InputField<I>[];
  nullMeaningful?: readonly InputField<I>[];
  requireOneOf?: readonly InputField<I>[];
  /** Only for webhook fields the tool does not take: a hint for one it takes would never be shown. */
  fieldHints?: Readonly<Partial<Record<Exclude<keyof Webhook, InputField<I>>, string>>>;
}

/** The tool, with its annotations' title derived from its title (the spec has both; they never differ here). */
export function defineTool<I extends z.AnyZodObject, O extends z.ZodTypeAny>(
  definition: ToolDefinition<I, O>,
): Tool<I, O> {
  return { ...definition, annotations: { title: definition.title, ...definition.annotations } };
}
