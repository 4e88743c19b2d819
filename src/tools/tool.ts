import type { z } from "zod/v3";
import type { Config } from "../config.js";
import type { HooksApi } from "../v0/types.js";

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolContext {
  api: HooksApi;
  config: Config;
  /** Aborted when the MCP client cancels the call. */
  signal: AbortSignal;
  /** When the whole call must be done (epoch ms): V0_TIMEOUT_MS from the call's start. */
  deadline: number;
}

/**
 * One MCP tool. Its zod schemas are the single source of truth: they validate input and output,
 * and the JSON Schemas advertised in tools/list are generated from them.
 */
export interface Tool<I extends z.AnyZodObject = z.AnyZodObject, O extends z.ZodTypeAny = z.ZodTypeAny> {
  name: string;
  title: string;
  description: string;
  inputSchema: I;
  outputSchema: O;
  annotations: ToolAnnotations;
  /** Why the annotations are what they are; shown in the README's tools table. */
  annotationsWhy: string;
  /** Extra advice when the agent sends one of these (unknown) fields, e.g. chatId to update_webhook. */
  fieldHints?: Readonly<Record<string, string>>;
  /** What a 404 from v0 means for this tool, and what to do about it. */
  notFoundHint: string;
  run(input: z.output<I>, context: ToolContext): Promise<z.output<O>>;
  /** A one-line, human-readable summary of a successful result. */
  summarize(output: z.output<O>): string;
}

export function defineTool<I extends z.AnyZodObject, O extends z.ZodTypeAny>(tool: Tool<I, O>): Tool<I, O> {
  return tool;
}
