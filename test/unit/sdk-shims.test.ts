import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as SdkShims from "@modelcontextprotocol/server/_shims";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as replacement from "../../scripts/shims-without-ajv.js";

/*
 * The bundles replace the SDK's internal `@modelcontextprotocol/server/_shims` with
 * scripts/shims-without-ajv.ts, to leave its JSON Schema validator (ajv) out. This holds the
 * replacement to the SDK actually installed, so an SDK update that changes the module fails here.
 */
const sdk = join(dirname(createRequire(import.meta.url).resolve("@modelcontextprotocol/server")), "..");
const exportsMap = JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")).exports as Record<string, unknown>;

/** Every ESM file `_shims` resolves to, by condition (workerd, browser, node, default). */
function shimFiles(): Array<[string, string]> {
  const conditions = exportsMap["./_shims"] as Record<string, { import: { default: string } }>;
  return Object.entries(conditions).map(([condition, target]) => [condition, target.import.default]);
}

describe("the SDK's _shims, which the bundles replace", () => {
  it("is published under the conditions the replacement was written for", () => {
    expect(shimFiles().map(([condition]) => condition)).toEqual(["workerd", "browser", "node", "default"]);
  });

  it.each(shimFiles())("exports exactly what the replacement does (%s: %s)", async (_condition, file) => {
    const module = (await import(pathToFileURL(join(sdk, file)).href)) as Record<string, unknown>;
    expect(Object.keys(module).sort()).toEqual(Object.keys(replacement).sort());
  });

  it("has the same export names and the same process type as the replacement, for tsc", () => {
    expectTypeOf<keyof typeof replacement>().toEqualTypeOf<keyof typeof SdkShims>();
    expectTypeOf(replacement.process).toEqualTypeOf<typeof SdkShims.process>();
    expectTypeOf<InstanceType<typeof replacement.DefaultJsonSchemaValidator>>().toEqualTypeOf<
      Pick<InstanceType<typeof SdkShims.DefaultJsonSchemaValidator>, "getValidator">
    >();
  });

  it("is imported by the SDK for these names only: its default validator and process", () => {
    const imported = new Set<string>();
    for (const file of readdirSync(join(sdk, "dist")).filter((f) => f.endsWith(".mjs"))) {
      const text = readFileSync(join(sdk, "dist", file), "utf8");
      for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@modelcontextprotocol\/server\/_shims"/g)) {
        for (const name of (match[1] ?? "").split(",")) imported.add(name.trim().split(/\s+as\s+/)[0] ?? "");
      }
    }
    expect([...imported].sort()).toEqual(Object.keys(replacement).sort());
  });

  it("gets a validator that refuses to validate, loudly, should the SDK ever call it", () => {
    expect(() => new replacement.DefaultJsonSchemaValidator().getValidator({ type: "object" })).toThrow(
      /no JSON Schema validator/,
    );
  });
});
