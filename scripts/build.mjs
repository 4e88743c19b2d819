// @ts-check
// `npm run build`: the shipped bin (dist/index.js) and the Web entry (dist/fetch.js), minified ESM
// bundles with no runtime dependencies, and the Web entry's declarations (dist/fetch.d.ts).
// - What the bundles inline is read off esbuild's metafile (bytes that reach the output), printed
//   at the end and listed with licences in dist/THIRD_PARTY_NOTICES.md. As of this writing: the SDK
//   v2 (@modelcontextprotocol/server and core), zod, jose, ipaddr.js, @hono/node-server, and a few
//   hundred bytes each of hono and zod-to-json-schema (constants esbuild cannot prove unused).
//   Node's built-ins stay external.
// - The SDK's JSON Schema validator (ajv, @cfworker/json-schema) is left out by replacing its
//   `_shims` module: scripts/shims-without-ajv.ts says why, and what fails if the SDK changes.
// - The version and tools/list's answer (zod schemas → zod-to-json-schema, run here by
//   src/mcp/describe-tools.ts) are inlined with `define`, so nothing reads package.json and no
//   schema is converted at start.
// - The declarations come from the TypeScript compiler and import nothing but each other.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, posix } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import ts from "typescript";
import { assertWithoutAjv, BUNDLE_OPTIONS, noAjv } from "./bundle-options.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/**
 * Node's built-in modules, loaded when first used rather than at start. In an ESM bundle esbuild
 * hoists every `import … from "node:https"` (our v0 client's, the HTTP transport's) to the top of
 * the file, so a stdio session would load http, https and what they load before it can answer
 * `initialize`. Resolved to a CommonJS shim instead, each one is required inside the
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
 * tools/list's answer, computed now by src/mcp/describe-tools.ts itself (zod schemas →
 * zod-to-json-schema), bundled into a throw-away module and run here. The bundles get the result
 * as JSON text (`define: { __TOOLS_LIST__ }`, a string literal), which turns describeTools'
 * converting branch into dead code: neither zod-to-json-schema nor a conversion at start ships.
 * test/integration/tools-list.test.ts checks the bin advertises exactly what the source generates.
 * @param {string} dir where to write the throw-away bundle
 * @returns {Promise<string>} the list, as JSON
 */
async function toolsList(dir) {
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
  rmSync(file);
  return JSON.stringify(describeTools(allTools));
}

/**
 * The declarations of `v0-webhooks-mcp/fetch`, emitted by the TypeScript compiler from src/fetch.ts
 * and the modules its declarations import (ts.transpileDeclaration: the declaration emitter, one
 * file at a time, without type-checking the whole program; `npm run typecheck` does that).
 * Consumers have none of our devDependencies, so a declaration that imports anything but a
 * relative file fails the build; test/e2e/pack.test.ts type-checks a consumer against the tarball.
 * @param {string} outDir
 * @returns {string[]} the files written, relative to outDir
 */
function emitDeclarations(outDir) {
  /** @type {import("typescript").CompilerOptions} */
  const compilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
  };
  /** @type {string[]} */
  const written = [];
  const queue = ["fetch.ts"];
  while (queue.length > 0) {
    const file = /** @type {string} */ (queue.shift());
    const out = file.replace(/\.ts$/, ".d.ts");
    if (written.includes(out)) continue;
    const fileName = join(root, "src", file);
    const result = ts.transpileDeclaration(readFileSync(fileName, "utf8"), {
      fileName,
      compilerOptions,
      reportDiagnostics: true,
    });
    const problems = (result.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    if (problems.length > 0) throw new Error(`declarations of src/${file}: ${problems.join("; ")}`);
    for (const { fileName: specifier } of ts.preProcessFile(result.outputText, true, true).importedFiles) {
      if (!specifier.startsWith("./") && !specifier.startsWith("../")) {
        throw new Error(
          `the declarations of src/${file} import ${specifier}: consumers of v0-webhooks-mcp/fetch do not have it`,
        );
      }
      queue.push(posix.join(posix.dirname(file), specifier.replace(/\.js$/, ".ts")));
    }
    mkdirSync(dirname(join(outDir, out)), { recursive: true });
    writeFileSync(join(outDir, out), result.outputText);
    written.push(out);
  }
  return written;
}

// Build beside dist/ and swap files in with a rename, so a server being started from dist/index.js
// (by a test, the demo or a client) never sees a missing or half-written file.
const staging = join(root, "dist", `.staging-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
const define = {
  __VERSION__: JSON.stringify(pkg.version),
  __TOOLS_LIST__: JSON.stringify(await toolsList(staging)),
};
const result = await build({
  entryPoints: [join(root, "src/cli/index.ts")],
  outfile: join(staging, "index.js"),
  ...BUNDLE_OPTIONS,
  define,
  plugins: [noAjv, lazyBuiltins],
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
  define,
  plugins: [noAjv],
  logLevel: "warning",
});
const builtins = Object.values(fetchResult.metafile.outputs).flatMap((output) =>
  output.imports.filter((i) => i.external).map((i) => i.path),
);
if (builtins.length > 0) throw new Error(`dist/fetch.js must use Web APIs only; it imports ${builtins.join(", ")}`);
assertWithoutAjv(result.metafile, "dist/index.js");
assertWithoutAjv(fetchResult.metafile, "dist/fetch.js");
/** What each package put in the bundles, in bytes (esbuild's metafile; tree-shaken modules count 0). */
const inlinedBytes = new Map();
for (const [bundle, { metafile }] of /** @type {const} */ ([
  ["dist/index.js", result],
  ["dist/fetch.js", fetchResult],
])) {
  for (const [input, { bytesInOutput }] of Object.values(metafile.outputs).flatMap((o) => Object.entries(o.inputs))) {
    if (bytesInOutput === 0) continue;
    if (input.includes("zod-to-json-schema/dist/esm/zodToJsonSchema.js")) {
      throw new Error(`${bundle} inlines zod-to-json-schema's converter: describeTools did not use the prebuilt list`);
    }
    const dir = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? "src";
    inlinedBytes.set(dir, (inlinedBytes.get(dir) ?? 0) + bytesInOutput);
  }
}
const declarations = emitDeclarations(staging);
const unlisted = declarations.filter((file) => !pkg.files.includes(`dist/${file}`));
if (unlisted.length > 0)
  throw new Error(`package.json "files" must list ${unlisted.map((f) => `dist/${f}`).join(", ")}`);

// One notice per inlined package, with its licence text.
const packages = new Map();
for (const [dir, bytes] of inlinedBytes) {
  if (dir === "src") continue;
  const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
  const licenseFile = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)/i.test(f));
  packages.set(dir, {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license,
    bytes,
    text: licenseFile ? readFileSync(join(root, dir, licenseFile), "utf8").trim() : `License: ${manifest.license}`,
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
for (const file of ["index.js", "fetch.js", ...declarations, "THIRD_PARTY_NOTICES.md"]) {
  mkdirSync(dirname(join(root, "dist", file)), { recursive: true });
  renameSync(join(staging, file), join(root, "dist", file));
}
rmSync(staging, { recursive: true, force: true });

/** @param {number} bytes */
const kib = (bytes) => `${(bytes / 1024).toFixed(bytes < 1024 ? 2 : 0)} KiB`;
const sizes = ["index.js", "fetch.js"].map((file) => `dist/${file} ${kib(statSync(join(root, "dist", file)).size)}`);
const inlined = [...packages.values()]
  .sort((a, b) => b.bytes - a.bytes)
  .map((p) => `${p.name} ${kib(p.bytes)}`)
  .join(", ");
console.error(
  `${sizes.join(", ")}; both together inline ${inlined}, and src ${kib(inlinedBytes.get("src") ?? 0)}; declarations: ${declarations.map((d) => `dist/${d}`).join(", ")}`,
);
