/**
 * What the bundles load in place of the SDK's `@modelcontextprotocol/server/_shims`
 * (scripts/bundle-options.mjs): the same two exports, without a JSON Schema validator.
 *
 * The SDK picks its default validator there (ajv on Node, @cfworker/json-schema on Workers) and
 * uses it for `fromJsonSchema` and for elicitation answers sent through `Server.elicitInput`. This
 * server does neither: its arguments are validated by its zod schemas, and it asks through
 * `inputRequired`, whose 2025-era shim sends `elicitation/create` with validation off. Leaving
 * the validator out keeps 150 KiB out of dist/index.js (with it, the tarball would pass its
 * 300 KiB cap: 334 KiB) and, in `npm run bench`, 44 ms off the minimal SDK server's start-up.
 *
 * The day the SDK changes under this file: test/unit/sdk-shims.test.ts fails when `_shims` gains,
 * loses or retypes an export under any of its conditions, or the SDK imports other names from it;
 * the build fails when the SDK stops importing `_shims` or a validator reaches a bundle anyway;
 * and the e2e confirmation tests fail when the validator is called on a path this server uses
 * (it throws).
 */
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from "@modelcontextprotocol/server";
import type * as SdkShims from "@modelcontextprotocol/server/_shims";

/** Node's process where there is one (stdio needs it); none on Workers or Edge, which have no stdio. */
export const process: typeof SdkShims.process = globalThis.process;

export class DefaultJsonSchemaValidator implements jsonSchemaValidator {
  getValidator<T>(_schema: JsonSchemaType): JsonSchemaValidator<T> {
    throw new Error(
      "this bundle has no JSON Schema validator: the SDK's default one is left out (scripts/shims-without-ajv.ts)",
    );
  }
}
