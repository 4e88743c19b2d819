// @ts-check
import { fileURLToPath } from "node:url";

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

const SHIMS = "@modelcontextprotocol/server/_shims";
const replacement = fileURLToPath(new URL("shims-without-ajv.ts", import.meta.url));

/**
 * Resolves the SDK's `@modelcontextprotocol/server/_shims` to scripts/shims-without-ajv.ts (which
 * says why, and what fails when the SDK changes), so a bundle leaves the SDK's JSON Schema
 * validator out: dist/index.js, dist/fetch.js and the bench's ajv-free minimal server.
 * Check the result with `assertWithoutAjv`.
 * @type {import("esbuild").Plugin}
 */
export const noAjv = {
  name: "no-ajv",
  setup(b) {
    b.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({ path: replacement }));
  },
};

/**
 * Throws unless `noAjv` did its work in this build: the SDK still imports `_shims` (so the
 * replacement is in the bundle) and none of the SDK's shims or validators is.
 * @param {import("esbuild").Metafile} metafile @param {string} bundle the bundle's name, for the message
 */
export function assertWithoutAjv(metafile, bundle) {
  const inputs = Object.keys(metafile.inputs);
  if (!inputs.some((input) => input.endsWith("scripts/shims-without-ajv.ts"))) {
    throw new Error(
      `${bundle}: the SDK no longer imports ${SHIMS}, so scripts/shims-without-ajv.ts replaces nothing; see how the SDK picks its JSON Schema validator now`,
    );
  }
  const validators = inputs.filter((input) =>
    /@modelcontextprotocol\/server\/dist\/(shims\w+|ajvProvider[^/]*|cfWorkerProvider[^/]*)\.m?js$|\/node_modules\/(ajv|@cfworker)\//.test(
      input,
    ),
  );
  if (validators.length > 0) throw new Error(`${bundle} inlines a JSON Schema validator: ${validators.join(", ")}`);
}
