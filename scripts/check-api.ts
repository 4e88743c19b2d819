import { readFileSync } from "node:fs";
import type { z } from "zod/v3";
import { OPERATIONS } from "../src/v0/paths.js";
import {
  createHookBodySchema,
  deleteResponseSchema,
  updateHookBodySchema,
  WEBHOOK_EVENTS,
  webhookResponseSchema,
  webhookSummaryResponseSchema,
} from "../src/v0/types.js";

/*
 * `npm run check:api`: holds what the v0 client uses (src/v0: its operations, the bodies it sends,
 * the fields it reads, the event enum) to v0's published OpenAPI document (test/contract/), and
 * reports every path, method, field or enum that is missing from the document or differs from it.
 */
type Schema = { [key: string]: unknown };

export const DOCUMENT = new URL("../test/contract/v0-api-v2-hooks.openapi.json", import.meta.url);

export function checkApi(document: Schema = JSON.parse(readFileSync(DOCUMENT, "utf8"))): string[] {
  const problems: string[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, Schema>>;
  const components = ((document.components as Schema | undefined)?.schemas ?? {}) as Record<string, Schema>;
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    const ref = schema?.$ref;
    if (typeof ref !== "string") return schema;
    return components[ref.replace("#/components/schemas/", "")];
  };
  const jsonSchema = (where: Schema | undefined) =>
    resolve(((where?.content as Schema | undefined)?.["application/json"] as Schema | undefined)?.schema as Schema);

  const operation = (name: keyof typeof OPERATIONS) => {
    const { method, path } = OPERATIONS[name];
    const op = paths[path]?.[method.toLowerCase()];
    if (!op) problems.push(`${name}: the client calls ${method} ${path}, which the document does not have`);
    return op;
  };
  const response = (name: keyof typeof OPERATIONS) =>
    jsonSchema((operation(name)?.responses as Record<string, Schema> | undefined)?.["200"]);
  const request = (name: keyof typeof OPERATIONS) => jsonSchema(operation(name)?.requestBody as Schema | undefined);

  /** A zod object the client uses, against the document's object schema at `where`. */
  const compare = (where: string, zod: z.AnyZodObject, schema: Schema | undefined, direction: "sends" | "reads") => {
    if (!schema) return problems.push(`${where}: the document has no JSON schema`);
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    for (const [field, type] of Object.entries(zod.shape as Record<string, z.ZodTypeAny>)) {
      const documented = resolve(properties[field]);
      if (!documented) {
        problems.push(`${where}: the client ${direction} "${field}", which the document does not define`);
        continue;
      }
      const optional = type.isOptional();
      if (direction === "reads" && !optional && !required.has(field)) {
        problems.push(`${where}: the client requires "${field}", which the document makes optional`);
      }
      const kinds = jsonTypes(documented);
      const expected = zodType(type);
      if (!expected.every((kind) => kinds.includes(kind)) || !kinds.every((kind) => expected.includes(kind))) {
        problems.push(
          `${where}: "${field}" is ${expected.join(" or ")} in the client, ${kinds.join(" or ")} in the document`,
        );
      }
      const items = resolve(documented.items as Schema | undefined);
      if (Array.isArray(items?.enum)) compareEnum(`${where}: "${field}"`, items.enum as string[]);
    }
    if (direction === "sends") {
      for (const field of required) {
        if (!(field in zod.shape))
          problems.push(`${where}: the document requires "${field}", which the client never sends`);
      }
    }
    return problems.length;
  };
  const compareEnum = (where: string, documented: string[]) => {
    const missing = documented.filter((event) => !(WEBHOOK_EVENTS as readonly string[]).includes(event));
    const extra = WEBHOOK_EVENTS.filter((event) => !documented.includes(event));
    if (missing.length)
      problems.push(`${where}: the document has event(s) ${missing.join(", ")} that the client does not know`);
    if (extra.length)
      problems.push(`${where}: the client offers event(s) ${extra.join(", ")} that the document does not have`);
  };

  compare("POST /hooks request", createHookBodySchema, request("createHook"), "sends");
  compare("PATCH /hooks/{hookId} request", updateHookBodySchema, request("updateHook"), "sends");
  compare("POST /hooks 200", webhookResponseSchema, response("createHook"), "reads");
  compare("GET /hooks/{hookId} 200", webhookResponseSchema, response("getHook"), "reads");
  compare("PATCH /hooks/{hookId} 200", webhookResponseSchema, response("updateHook"), "reads");
  compare("DELETE /hooks/{hookId} 200", deleteResponseSchema, response("deleteHook"), "reads");
  const list = response("listHooks");
  if (list?.type !== "array")
    problems.push(`GET /hooks 200: the client reads an array, the document says ${String(list?.type)}`);
  compare("GET /hooks 200 items", webhookSummaryResponseSchema, resolve(list?.items as Schema | undefined), "reads");
  const error = components.Error;
  if ((error?.properties as Schema | undefined)?.message === undefined) {
    problems.push('Error: the client reads an error\'s "message", which the document does not define');
  }
  return problems;
}

/** The JSON Schema types a documented field allows (`type`, or the types of its `anyOf` branches). */
function jsonTypes(schema: Schema): string[] {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Schema[]).flatMap(jsonTypes);
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.enum)) return [...new Set((schema.enum as unknown[]).map((value) => typeof value))];
  return [];
}

/** The JSON types a zod schema accepts, as JSON Schema names them. */
function zodType(schema: z.ZodTypeAny): string[] {
  const def = schema._def as { typeName: string; innerType?: z.ZodTypeAny; value?: unknown; schema?: z.ZodTypeAny };
  switch (def.typeName) {
    case "ZodOptional":
      return zodType(def.innerType as z.ZodTypeAny);
    case "ZodNullable":
      return [...zodType(def.innerType as z.ZodTypeAny), "null"];
    case "ZodEffects":
      return zodType(def.schema as z.ZodTypeAny);
    case "ZodString":
    case "ZodEnum":
      return ["string"];
    case "ZodArray":
      return ["array"];
    case "ZodBoolean":
      return ["boolean"];
    case "ZodLiteral":
      return [typeof def.value];
    case "ZodObject":
      return ["object"];
    default:
      return [def.typeName];
  }
}
