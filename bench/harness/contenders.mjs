// @ts-check
// The servers under test, built and snapshotted into .bench/ so that another process rebuilding
// dist/ or build/ while the bench runs (the test suite's global setup does) cannot change them:
//   floor      bench/floor-server.mjs, a bare Node process answering by hand (Node's own cost)
//   reference  @modelcontextprotocol/server-everything, the official reference server, stdio mode
//   minimal    bench/minimal-sdk-v2-server.mjs bundled by esbuild: the SDK v2 engine's floor
//   minimalNoAjv  the same, bundled without ajv as scripts/build.mjs bundles dist/index.js (info)
//   baseline   this server as plain tsc output (npm run build:unbundled), unbundled
//   shipped    dist/index.js (npm run build), the published bin
// Also what `npm pack` would publish, and the runtime dependencies.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import { build as esbuild } from "esbuild";
import { BUNDLE_OPTIONS, noAjv } from "../../scripts/bundle-options.mjs";
import { outDir, progress, root, run } from "./processes.mjs";
import { round } from "./stats.mjs";

/** @typedef {"floor" | "reference" | "minimal" | "minimalNoAjv" | "baseline" | "shipped"} ServerKind */
/**
 * One server under test. `command` is its script and arguments (run with this process's Node);
 * `modern` says it speaks 2026-07-28; `calls` that it has v0-webhooks-mcp's tools.
 * @typedef {{ kind: ServerKind, label: string, command: string[], modern: boolean, calls: boolean }} Contender
 */

/** @param {string} file */
const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));

/**
 * Copies a build's output directory into .bench/<name>/, beside a copy of package.json, and returns
 * where `bin` (a file in `dir`) is in the snapshot. .bench/ is inside the project, so tsc output
 * still resolves node_modules.
 * @param {string} dir @param {string} bin @param {string} name
 */
function snapshot(dir, bin, name) {
  const target = join(outDir, name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const leaf = join(target, basename(dir));
  cpSync(dir, leaf, { recursive: true });
  copyFileSync(join(root, "package.json"), join(target, "package.json"));
  return join(leaf, relative(dir, bin));
}

/** The shipped bin, as package.json's "bin" names it. */
function shippedBinPath() {
  /** @type {{ bin?: string | Record<string, string> }} */
  const pkg = readJson(join(root, "package.json"));
  const bin = typeof pkg.bin === "string" ? pkg.bin : Object.values(pkg.bin ?? {})[0];
  if (bin === undefined) throw new Error('package.json has no "bin"');
  return join(root, bin);
}

/**
 * The entry point of the tsc build: the one .js file in `dir` that starts with a shebang (tsc keeps
 * src's `#!/usr/bin/env node`), wherever the source tree puts it.
 * @param {string} dir
 */
function unbundledEntry(dir) {
  const entries = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".js"))
    .filter((file) => readFileSync(join(dir, file), "utf8").startsWith("#!"));
  if (entries.length !== 1 || entries[0] === undefined)
    throw new Error(
      `expected one entry point (a .js file with a shebang) in ${relative(root, dir)}, found ${entries.length}`,
    );
  return join(dir, entries[0]);
}

/** `node <bin> --version`; if tsc output cannot find ../package.json, put one there and try again. @param {string} bin */
function preflight(bin) {
  const version = () =>
    spawnSync(process.execPath, [bin, "--version"], { cwd: "/", encoding: "utf8", timeout: 20_000 });
  let result = version();
  if (result.status !== 0 && /Cannot find module '\.\.\/package\.json'/.test(result.stderr)) {
    const target = join(dirname(dirname(bin)), "package.json");
    progress(`${relative(root, bin)} needs ../package.json: copying package.json to ${relative(root, target)}`);
    copyFileSync(join(root, "package.json"), target);
    result = version();
  }
  if (result.status !== 0) throw new Error(`${bin} --version failed: ${result.stderr || result.error?.message}`);
  return result.stdout.trim();
}

/**
 * bench/minimal-sdk-v2-server.mjs bundled (platform node, format esm, minify). Plain, the SDK's
 * default ajv validator is inlined, as in any SDK user's bundle; with `withoutAjv`, it is left out
 * the way dist/index.js leaves it out.
 * @param {string} name @param {boolean} withoutAjv
 */
async function bundleMinimal(name, withoutAjv) {
  const outfile = join(outDir, name, "index.mjs");
  rmSync(dirname(outfile), { recursive: true, force: true });
  const started = performance.now();
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: [join(root, "bench", "minimal-sdk-v2-server.mjs")],
    outfile,
    ...BUNDLE_OPTIONS,
    plugins: withoutAjv ? [noAjv] : [],
    logLevel: "warning",
  });
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.keys(output?.inputs ?? {});
  return {
    path: outfile,
    bytes: statSync(outfile).size,
    buildMs: performance.now() - started,
    inlinesAjv: inputs.some((input) => /ajvProvider|node_modules\/ajv\//.test(input)),
  };
}

/** The reference server's bin, from its package.json, and its version. */
function locateReference() {
  const require = createRequire(join(root, "package.json"));
  const manifestPath = require.resolve("@modelcontextprotocol/server-everything/package.json");
  /** @type {{ version: string, bin: Record<string, string> }} */
  const manifest = readJson(manifestPath);
  const bin = manifest.bin["mcp-server-everything"] ?? Object.values(manifest.bin)[0];
  if (bin === undefined) throw new Error("@modelcontextprotocol/server-everything has no bin");
  return { path: join(dirname(manifestPath), bin), version: manifest.version };
}

/**
 * Builds (unless `build` is false), snapshots and checks every contender.
 * @param {boolean} build
 */
export async function prepareContenders(build) {
  const unbundledDir = join(root, "build", "unbundled");
  /** @type {{ shipped: number | null, baseline: number | null, minimal: number | null }} */
  const buildMs = { shipped: null, baseline: null, minimal: null };
  if (build) {
    progress("npm run build");
    buildMs.shipped = run("npm", ["run", "build"], "npm run build").ms;
    progress("npm run build:unbundled");
    buildMs.baseline = run("npm", ["run", "build:unbundled"], "npm run build:unbundled").ms;
  }
  const distBin = shippedBinPath();
  for (const path of [distBin, unbundledDir]) {
    if (!existsSync(path)) throw new Error(`${relative(root, path)} is missing: run without --no-build`);
  }
  const shippedBin = snapshot(dirname(distBin), distBin, "shipped");
  const baselineBin = snapshot(unbundledDir, unbundledEntry(unbundledDir), "baseline");
  progress("esbuild bench/minimal-sdk-v2-server.mjs");
  const minimal = await bundleMinimal("minimal-sdk-v2", false);
  const minimalNoAjv = await bundleMinimal("minimal-sdk-v2-no-ajv", true);
  buildMs.minimal = minimal.buildMs;
  const reference = locateReference();
  const floor = join(root, "bench", "floor-server.mjs");

  /** @type {Record<ServerKind, Contender>} */
  const contenders = {
    floor: { kind: "floor", label: "floor (bare Node)", command: [floor], modern: true, calls: false },
    reference: {
      kind: "reference",
      label: `reference (server-everything ${reference.version})`,
      command: [reference.path, "stdio"],
      modern: false,
      calls: false,
    },
    minimal: {
      kind: "minimal",
      label: "minimal SDK v2 (bundled)",
      command: [minimal.path],
      modern: true,
      calls: false,
    },
    minimalNoAjv: {
      kind: "minimalNoAjv",
      label: "minimal SDK v2 (bundled, no ajv)",
      command: [minimalNoAjv.path],
      modern: true,
      calls: false,
    },
    baseline: {
      kind: "baseline",
      label: "baseline (tsc, unbundled)",
      command: [baselineBin],
      modern: true,
      calls: true,
    },
    shipped: { kind: "shipped", label: "shipped (dist/index.js)", command: [shippedBin], modern: true, calls: true },
  };
  const info = {
    floor: relative(root, floor),
    reference: { path: relative(root, reference.path), args: ["stdio"], version: reference.version },
    minimal: {
      source: "bench/minimal-sdk-v2-server.mjs",
      path: relative(root, minimal.path),
      bytes: minimal.bytes,
      inlinesAjv: minimal.inlinesAjv,
    },
    minimalNoAjv: {
      path: relative(root, minimalNoAjv.path),
      bytes: minimalNoAjv.bytes,
      inlinesAjv: minimalNoAjv.inlinesAjv,
    },
    baseline: {
      path: relative(root, baselineBin),
      from: relative(root, unbundledDir),
      version: preflight(baselineBin),
    },
    shipped: { path: relative(root, shippedBin), version: preflight(shippedBin), bytes: statSync(shippedBin).size },
  };
  return { contenders, info, buildMs };
}

/** What `npm pack` would publish, and the runtime dependencies. */
export function measurePack() {
  const { stdout } = run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], "npm pack --dry-run");
  /** @type {{ size: number, unpackedSize: number, files: { path: string, size: number }[] }[]} */
  const packs = JSON.parse(stdout.slice(stdout.indexOf("[")));
  const pack = packs[0];
  if (!pack) throw new Error("npm pack --json printed no package");
  /** @type {{ dependencies?: Record<string, string> }} */
  const pkg = readJson(join(root, "package.json"));
  const dependencies = Object.keys(pkg.dependencies ?? {});
  const largest = [...pack.files].sort((a, b) => b.size - a.size).slice(0, 5);
  return {
    packedKB: /** @type {number} */ (round(pack.size / 1024, 1)),
    unpackedKB: round(pack.unpackedSize / 1024, 1),
    files: pack.files.length,
    largestFiles: largest.map((f) => ({ path: f.path, KB: round(f.size / 1024, 1) })),
    runtimeDeps: dependencies.length,
    dependencies,
  };
}
