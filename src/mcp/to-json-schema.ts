import type { z } from "zod/v3";
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
export function toJsonSchema(
  schema: z.ZodTypeAny,
  io: "input" | "output",
  nullMeaningful: readonly string[] = [],
): ObjectJsonSchema {
  const generated = zodToJsonSchema(schema, {
    $refStrategy: "none",
    target: "jsonSchema7",
    effectStrategy: "input",
    pipeStrategy: io,
  }) as Record<string, unknown>;
  const { $schema: _ignored, ...rest } = portable(generated) as Record<string, unknown>;
  if (rest.type !== "object") {
    throw new Error(`a tool ${io} schema must be a zod object; zod-to-json-schema produced ${JSON.stringify(rest)}`);
  }
  return io === "input" ? withoutOptionalNulls(rest as ObjectJsonSchema, nullMeaningful) : (rest as ObjectJsonSchema);
}

/**
 * An optional input property that also accepts null (chatId) is advertised as its non-null branch:
 * omitting it means the same, and clients that cannot map `anyOf` drop the property's type
 * altogether (LangChain's adapters do). The server still accepts an explicit null.
 */
function withoutOptionalNulls(schema: ObjectJsonSchema, nullMeaningful: readonly string[]): ObjectJsonSchema {
  const required = new Set([...(schema.required ?? []), ...nullMeaningful]);
  const properties: Record<string, object> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const { anyOf, ...rest } = property as { anyOf?: Array<{ type?: unknown }> };
    const nonNull = anyOf?.filter((branch) => branch.type !== "null");
    properties[name] =
      !required.has(name) && anyOf && nonNull?.length === 1 && anyOf.length === 2
        ? { ...nonNull[0], ...rest }
        : property;
  }
  return { ...schema, properties };
}

/**
 * zod-to-json-schema writes a nullable primitive as `type: ["string", "null"]`; clients that map
 * schemas onto a single-`type` dialect (Gemini's OpenAPI subset) reject that, so spell it as
 * `anyOf` branches with one `type` each (what the MCP Inspector's portability check recommends).
 */
function portable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(portable);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = portable(value);
  if (Array.isArray(out.type)) {
    const { type, ...others } = out;
    return { ...others, anyOf: (type as unknown[]).map((t) => ({ type: t })) };
  }
  return out;
}
