import type { z } from "zod";
import { zodToJsonSchema } from "zod-to-json-schema";

export interface ObjectJsonSchema {
  type: "object";
  properties?: Record<string, object>;
  required?: string[];
  [key: string]: unknown;
}

/**
 * The JSON Schema clients see, generated from the zod schema. `$refStrategy: "none"` inlines
 * every reused schema (several clients cannot resolve `$ref`); input schemas describe what the
 * agent sends (`effectStrategy: "input"`). `$schema` is dropped: some providers reject it.
 */
export function toJsonSchema(schema: z.ZodTypeAny, io: "input" | "output"): ObjectJsonSchema {
  const generated = zodToJsonSchema(schema, {
    $refStrategy: "none",
    target: "jsonSchema7",
    effectStrategy: "input",
    pipeStrategy: io,
  }) as Record<string, unknown>;
  const { $schema: _ignored, ...rest } = generated;
  if (rest.type !== "object") {
    throw new Error(`a tool ${io} schema must be a zod object; zod-to-json-schema produced ${JSON.stringify(rest)}`);
  }
  return rest as ObjectJsonSchema;
}
