// @ts-check
/**
 * How the shipped bin is bundled (scripts/build.mjs), shared with the bench's minimal SDK v2 server
 * so the two are compared like for like.
 * @satisfies {import("esbuild").BuildOptions}
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "none",
  metafile: true,
};

/**
 * The SDK picks its JSON Schema validator (ajv on Node) through `@modelcontextprotocol/server/_shims`;
 * it uses one only to check elicitation answers and `fromJsonSchema` inputs, and this server does
 * neither (arguments are validated by our zod schemas). This esbuild plugin replaces that module,
 * so a bundle leaves ajv out: dist/index.js (scripts/build.mjs) and the bench's ajv-free minimal server.
 * @type {import("esbuild").Plugin}
 */
export const noAjv = {
  name: "no-ajv",
  setup(b) {
    b.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({ path: "shims", namespace: "no-ajv" }));
    b.onLoad({ filter: /.*/, namespace: "no-ajv" }, () => ({
      contents: [
        // Node's process where there is one (stdio needs it); none on Workers or Edge (no stdio there).
        "export const process = globalThis.process;",
        "export class DefaultJsonSchemaValidator {",
        "  getValidator() { throw new Error('this bundle does not validate JSON Schemas at run time'); }",
        "}",
      ].join("\n"),
      loader: "js",
    }));
  },
};
