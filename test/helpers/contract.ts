import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/** v0's published OpenAPI document for the hooks resource (test/contract/README.md says where it came from). */
export const OPENAPI = JSON.parse(
  readFileSync(new URL("../contract/v0-api-v2-hooks.openapi.json", import.meta.url), "utf8"),
) as OpenApi;

export interface OpenApi {
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { schemas: Record<string, Schema> };
}
interface Operation {
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
type Schema = Record<string, unknown>;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(OPENAPI as unknown as Schema, "openapi");

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const validators = new Map<string, ValidateFunction | undefined>();
function validator(...parts: string[]): ValidateFunction | undefined {
  const ref = `openapi#/${pointer(...parts)}`;
  if (!validators.has(ref)) validators.set(ref, ajv.getSchema(ref));
  return validators.get(ref);
}

/** The document's path template for a request path under the base URL (`/v2/hooks/abc` → `/hooks/{hookId}`). */
export function pathTemplate(url: string): string | undefined {
  const path = url.replace(/^\/v2/, "").split("?")[0] ?? "";
  if (path === "/hooks") return "/hooks";
  if (/^\/hooks\/[^/]+$/.test(path)) return "/hooks/{hookId}";
  return undefined;
}

function operation(method: string, url: string): { template: string; operation: Operation } | string {
  const template = pathTemplate(url);
  if (!template) return `${method} ${url}: no such path in v0's OpenAPI document`;
  const op = OPENAPI.paths[template]?.[method.toLowerCase()] as Operation | undefined;
  if (!op) return `${method} ${template}: no such operation in v0's OpenAPI document`;
  return { template, operation: op };
}

const describe = (validate: ValidateFunction) =>
  (validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message ?? "is invalid"}`).join("; ");

/** What is wrong with a request the client sent, by the document; empty when nothing is. */
export function requestProblems(method: string, url: string, body: string): string[] {
  const found = operation(method, url);
  if (typeof found === "string") return [found];
  const { template, operation: op } = found;
  if (!op.requestBody) return body === "" ? [] : [`${method} ${template}: the document defines no body, one was sent`];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [`${method} ${template}: the body is not JSON`];
  }
  const validate = validator(
    "paths",
    template,
    method.toLowerCase(),
    "requestBody",
    "content",
    "application/json",
    "schema",
  );
  if (!validate) return [`${method} ${template}: the document has no JSON request schema`];
  return validate(parsed) ? [] : [`${method} ${template} request: ${describe(validate)}`];
}

/** What is wrong with a JSON response served for a request, by the document; empty when nothing is. */
export function responseProblems(method: string, url: string, status: number, body: unknown): string[] {
  const found = operation(method, url);
  if (typeof found === "string") return [found];
  const { template, operation: op } = found;
  if (!op.responses[String(status)]) return [`${method} ${template}: the document defines no ${status} response`];
  const validate = validator(
    "paths",
    template,
    method.toLowerCase(),
    "responses",
    String(status),
    "content",
    "application/json",
    "schema",
  );
  if (!validate) return [`${method} ${template} ${status}: the document has no JSON response schema`];
  return validate(body) ? [] : [`${method} ${template} ${status} response: ${describe(validate)}`];
}

/** A schema of the document's components (`Webhook`, `Error`), as a validator. */
export function componentValidator(name: string): ValidateFunction {
  const validate = validator("components", "schemas", name);
  if (!validate) throw new Error(`no component schema ${name}`);
  return validate;
}

export { describe as describeErrors };
