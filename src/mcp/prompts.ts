import {
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type Prompt as McpPrompt,
  ProtocolError,
  ProtocolErrorCode,
} from "@modelcontextprotocol/server";
import type { z } from "zod/v3";
import type { Prompt, PromptContext } from "../prompts/prompt.js";
import { quoted } from "../text/inert.js";
import { describeZodError } from "./input-text.js";

/** At most this many completion values in one answer (the spec's cap). */
const MAX_COMPLETIONS = 100;

/** prompts/list, prompts/get and the prompt half of completion/complete, for the prompts offered. */
export function createPromptHandlers(prompts: readonly Prompt[], context: PromptContext) {
  const byName = new Map(prompts.map((prompt) => [prompt.name, prompt]));
  const find = (name: string): Prompt => {
    const prompt = byName.get(name);
    if (!prompt) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown prompt ${quoted(name, 100)}; available prompts: ${[...byName.keys()].join(", ")}`,
      );
    }
    return prompt;
  };
  const listed: McpPrompt[] = prompts.map((prompt) => ({
    name: prompt.name,
    title: prompt.title,
    description: prompt.description,
    arguments: Object.entries(prompt.arguments.shape as Record<string, z.ZodTypeAny>).map(([name, schema]) => ({
      name,
      description: schema.description ?? name,
      required: !schema.isOptional(),
    })),
  }));

  return {
    list: () => ({ prompts: listed }),
    get(name: string, args: Record<string, string> | undefined): GetPromptResult {
      const prompt = find(name);
      const parsed = prompt.arguments.safeParse(args ?? {});
      if (!parsed.success) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Invalid arguments for prompt ${prompt.name}: ${describeZodError(parsed.error, Object.keys(prompt.arguments.shape))}`,
        );
      }
      return {
        description: prompt.description,
        messages: prompt.messages(parsed.data, context).map((text) => ({
          role: "user" as const,
          content: { type: "text" as const, text },
        })),
      };
    },
    complete(params: CompleteRequest["params"]): CompleteResult {
      const empty = { completion: { values: [], hasMore: false } };
      if (params.ref.type !== "ref/prompt") return empty;
      const complete = find(params.ref.name).complete?.[params.argument.name];
      if (!complete) return empty;
      const values = complete(params.argument.value);
      return {
        completion: {
          values: values.slice(0, MAX_COMPLETIONS),
          total: values.length,
          hasMore: values.length > MAX_COMPLETIONS,
        },
      };
    },
  };
}
