// @ts-check
// `npm run build`: the shipped bin, one minified ESM file with no runtime dependencies.
// - The SDK, zod and zod-to-json-schema are inlined (they are devDependencies).
// - ajv is left out: the SDK only uses it to validate elicitation answers and fromJsonSchema
//   inputs, and this server has neither.
// - The version is inlined, so nothing reads package.json at start.
// - The tool list and its JSON Schemas are generated now, not at start (what is left of
//   zod-to-json-schema in the bundle is the SDK's, for HTTP).
// - The licences of everything inlined go to dist/THIRD_PARTY_NOTICES.md.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { BUNDLE_OPTIONS, noAjv } from "./bundle-options.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/**
 * Node's built-in modules, loaded when first used rather than at start. In an ESM bundle esbuild
 * hoists every `import … from "node:https"` (from the SDK, hono and our own v0 client) to the top
 * of the file, so a stdio session would load https, http2, tls and crypto before it can answer
 * `initialize` (about 6 ms). Resolved to a CommonJS shim instead, each one is required inside the
 * lazily initialised module that imports it. `require` comes from the banner.
 * @type {import("esbuild").Plugin}
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    const bare = builtinModules.map((name) => name.replace(/[/\\^$.*+?()[\]{}|-]/g, "\\$&")).join("|");
    b.onResolve({ filter: new RegExp(`^(node:.*|${bare})$`) }, (args) => {
      const path = args.path.startsWith("node:") ? args.path : `node:${args.path}`;
      return args.namespace === "lazy-builtin" ? { path, external: true } : { path, namespace: "lazy-builtin" };
    });
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

/**
 * The tool list with its JSON Schemas, computed now instead of at every start: src/mcp/
 * describe-tools.ts is bundled and run here, and the bin gets a module holding its result (so
 * our use of zod-to-json-schema is left out). test/integration/tools-list.test.ts checks the bin advertises the same.
 * @param {string} dir where to write the throw-away bundle
 * @returns {Promise<import("esbuild").Plugin>}
 */
async function prebuiltToolList(dir) {
  const file = join(dir, "describe-tools.mjs");
  await build({
    stdin: {
      contents:
        'export { describeTools } from "./src/mcp/describe-tools.ts"; export { allTools } from "./src/tools/index.ts";',
      resolveDir: root,
      loader: "ts",
    },
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    logLevel: "warning",
  });
  const { describeTools, allTools } = await import(pathToFileURL(file).href);
  const listed = describeTools(allTools);
  rmSync(file);
  const contents = [
    `const listed = ${JSON.stringify(listed)};`,
    "const byName = new Map(listed.map((tool) => [tool.name, tool]));",
    "const described = new WeakMap();",
    "export function describeTools(tools) {",
    "  let list = described.get(tools);",
    "  if (!list) {",
    "    list = tools.map((tool) => {",
    "      const found = byName.get(tool.name);",
    '      if (!found) throw new Error("no prebuilt description for tool " + tool.name);',
    "      return found;",
    "    });",
    "    described.set(tools, list);",
    "  }",
    "  return list;",
    "}",
  ].join("\n");
  return {
    name: "prebuilt-tool-list",
    setup(b) {
      b.onResolve({ filter: /(^|\/)describe-tools\.js$/ }, () => ({
        path: "describe-tools",
        namespace: "prebuilt",
      }));
      b.onLoad({ filter: /.*/, namespace: "prebuilt" }, () => ({ contents, loader: "js" }));
    },
  };
}

// Build beside dist/ and swap files in with a rename, so a server being started from dist/index.js
// (by a test, the demo or a client) never sees a missing or half-written file.
const staging = join(root, "dist", `.staging-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
const result = await build({
  entryPoints: [join(root, "src/cli/index.ts")],
  outfile: join(staging, "index.js"),
  ...BUNDLE_OPTIONS,
  define: { __VERSION__: JSON.stringify(pkg.version) },
  plugins: [noAjv, lazyBuiltins, await prebuiltToolList(staging)],
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  logLevel: "warning",
});

// `v0-webhooks-mcp/fetch`: the Web-standard handler, for Workers, Vercel Edge, Deno and Bun. Only
// Web APIs: no Node built-in may reach this bundle (checked below and by test/unit/module-graph).
const fetchResult = await build({
  entryPoints: [join(root, "src/fetch.ts")],
  outfile: join(staging, "fetch.js"),
  ...BUNDLE_OPTIONS,
  platform: "neutral",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["module", "main"],
  // Class names kept and lines wrapped, so an uncaught ConfigError reads as one (its class and
  // message, one short source line), not as a class named `re` under a 10 KB line of minified code.
  keepNames: true,
  lineLimit: 160,
  define: { __VERSION__: JSON.stringify(pkg.version) },
  plugins: [noAjv, await prebuiltToolList(staging)],
  logLevel: "warning",
});
const builtins = Object.values(fetchResult.metafile.outputs).flatMap((output) =>
  output.imports.filter((i) => i.external).map((i) => i.path),
);
if (builtins.length > 0) throw new Error(`dist/fetch.js must use Web APIs only; it imports ${builtins.join(", ")}`);
writeFileSync(
  join(staging, "fetch.d.ts"),
  [
    "/** The same variables as the CLI: `process.env` on Node and Vercel, the `env` binding on Workers. */",
    "export type Env = Readonly<Record<string, string | undefined>>;",
    "export type FetchHandler = (request: Request) => Promise<Response>;",
    "/** A configuration that cannot work; its message says what to fix. */",
    "export declare class ConfigError extends Error {}",
    "/** This MCP server as a Web-standard handler: MCP at /mcp, GET /healthz. See docs/hosting.md. */",
    "export declare function createFetchHandler(env: Env): FetchHandler;",
    "",
  ].join("\n"),
);

// One notice per inlined package, with its licence text.
const packages = new Map();
for (const input of [...Object.keys(result.metafile.inputs), ...Object.keys(fetchResult.metafile.inputs)]) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!match?.[1]) continue;
  const dir = join(root, match[1]);
  if (packages.has(dir)) continue;
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const licenseFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  packages.set(dir, {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license,
    text: licenseFile ? readFileSync(join(dir, licenseFile), "utf8").trim() : `License: ${manifest.license}`,
  });
}
const notices = [
  "# Third-party notices",
  "",
  "dist/index.js and dist/fetch.js inline the following packages. Their licences follow.",
  "",
  ...[...packages.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((p) => [`## ${p.name}@${p.version} (${p.license})`, "", "```", p.text, "```", ""]),
];
writeFileSync(join(staging, "THIRD_PARTY_NOTICES.md"), notices.join("\n"));
for (const file of ["index.js", "fetch.js", "fetch.d.ts", "THIRD_PARTY_NOTICES.md"]) {
  renameSync(join(staging, file), join(root, "dist", file));
}
rmSync(staging, { recursive: true, force: true });

const size = readFileSync(join(root, "dist/index.js")).length;
const inlined = [...packages.values()].map((p) => p.name).join(", ");
const fetchSize = readFileSync(join(root, "dist/fetch.js")).length;
console.error(
  `dist/index.js: ${(size / 1024).toFixed(0)} KiB, dist/fetch.js: ${(fetchSize / 1024).toFixed(0)} KiB, inline ${inlined}`,
);
