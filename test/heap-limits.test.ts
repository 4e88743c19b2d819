import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyHeapLimits, flagNames, type HeapLimitDeps, STDIO_HEAP_LIMITS } from "../src/heap-limits.js";

const MiB = 1024 * 1024;

function fakeV8(userFlags = "", youngMiB = 2) {
  const flags: string[] = [];
  let young = youngMiB * MiB;
  let onGc: (() => void) | undefined;
  const deps: HeapLimitDeps = {
    userFlags,
    setFlags: (f) => flags.push(f),
    youngGenerationBytes: () => young,
    observeGc: (callback) => {
      onGc = callback;
    },
  };
  return {
    deps,
    flags,
    /** A GC after which the young generation is `mib` big. */
    gcAt(mib: number) {
      young = mib * MiB;
      onGc?.();
    },
    get observing() {
      return onGc !== undefined;
    },
  };
}

describe("applyHeapLimits", () => {
  it("lets the young generation grow to the cap, holds it there, and lets it grow back after V8 shrinks it", () => {
    const v8 = fakeV8();
    const applied = applyHeapLimits({ youngGenerationMiB: 8, heapGrowingPercent: 30 }, v8.deps);
    expect(applied).toEqual(["old generation grows 30% per full GC", "young generation stops growing at about 8 MiB"]);
    expect(v8.flags).toEqual(["--heap-growing-percent=30"]);
    v8.gcAt(4);
    expect(v8.flags).toEqual(["--heap-growing-percent=30"]);
    v8.gcAt(8);
    v8.gcAt(8);
    expect(v8.flags).toEqual(["--heap-growing-percent=30", "--semi-space-growth-factor=1"]);
    // Idle: V8's memory reducer shrinks the young generation; the next burst must be able to regrow it.
    v8.gcAt(1);
    expect(v8.flags.at(-1)).toBe("--semi-space-growth-factor=2");
    v8.gcAt(2);
    v8.gcAt(16);
    expect(v8.flags.slice(1)).toEqual([
      "--semi-space-growth-factor=1",
      "--semi-space-growth-factor=2",
      "--semi-space-growth-factor=1",
    ]);
    expect(v8.observing).toBe(true);
  });

  it("stops the growth at once if the young generation is already at the cap", () => {
    const v8 = fakeV8("", 16);
    applyHeapLimits(STDIO_HEAP_LIMITS, v8.deps);
    expect(v8.flags).toContain("--semi-space-growth-factor=1");
  });

  it("leaves alone what the user set through NODE_OPTIONS or node's own options", () => {
    const young = fakeV8("--max-old-space-size=512 --max-semi-space-size=4");
    expect(applyHeapLimits(STDIO_HEAP_LIMITS, young.deps)).toEqual(["old generation grows 30% per full GC"]);
    young.gcAt(64);
    expect(young.flags).toEqual(["--heap-growing-percent=30"]);

    const old = fakeV8("--heap-growing-percent=50");
    expect(applyHeapLimits(STDIO_HEAP_LIMITS, old.deps)).toEqual(["young generation stops growing at about 8 MiB"]);
    old.gcAt(8);
    expect(old.flags).toEqual(["--semi-space-growth-factor=1"]);
  });

  it("reads the user's flags as Node does: _ and - alike, whole names only", () => {
    expect(flagNames("--max_semi_space_size=64 --inspect  --heap-growing-percent --max-old-space-size=512")).toEqual(
      new Set(["--max-semi-space-size", "--inspect", "--heap-growing-percent", "--max-old-space-size"]),
    );
    const underscores = fakeV8("--max_semi_space_size=64 --heap_growing_percent=50");
    expect(applyHeapLimits(STDIO_HEAP_LIMITS, underscores.deps)).toEqual([]);
    underscores.gcAt(64);
    expect(underscores.flags).toEqual([]);
    const lookalike = fakeV8("--max-semi-space-sizes=1 --heap-growing-percentage=1");
    expect(applyHeapLimits(STDIO_HEAP_LIMITS, lookalike.deps)).toHaveLength(2);
  });

  it("uses flags this Node's V8 knows, and they print nothing (stdout is the protocol)", () => {
    // An unknown flag makes V8 print an error; these two must be accepted silently.
    const script = [
      'const v8 = require("node:v8");',
      'v8.setFlagsFromString("--heap-growing-percent=30");',
      'v8.setFlagsFromString("--semi-space-growth-factor=1");',
    ].join("\n");
    const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("");
    const unknown = spawnSync(process.execPath, ["-e", 'require("node:v8").setFlagsFromString("--no-such-v8-flag")'], {
      encoding: "utf8",
    });
    expect(unknown.stderr).toMatch(/unrecognized flag/);
  });
});

describe("applyHeapLimits in a real Node process", () => {
  const root = fileURLToPath(new URL("..", import.meta.url));
  let dir: string;
  let script: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "heap-limits-"));
    await build({
      absWorkingDir: root,
      entryPoints: ["src/heap-limits.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: join(dir, "heap-limits.mjs"),
      logLevel: "silent",
    });
    // Allocates like a busy server: objects that live a while, in chunks between which the event
    // loop (and so the GC observer) runs. Prints the young generation's size at the end.
    script = join(dir, "busy.mjs");
    writeFileSync(
      script,
      [
        'import { getHeapSpaceStatistics } from "node:v8";',
        'import { applyHeapLimits, STDIO_HEAP_LIMITS } from "./heap-limits.mjs";',
        'if (process.argv[2] === "limited") applyHeapLimits(STDIO_HEAP_LIMITS);',
        "const ring = new Array(20000);",
        "let n = 0;",
        "for (let chunk = 0; chunk < 400; chunk++) {",
        "  for (let i = 0; i < 5000; i++, n++) ring[n % ring.length] = { n, s: String(n) };",
        "  await new Promise((resolve) => setImmediate(resolve));",
        "}",
        'const young = getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;',
        "process.stdout.write(String(young));",
      ].join("\n"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stops the young generation at the cap, where V8 alone would let it grow", () => {
    const youngBytes = (mode: string) => {
      const run = spawnSync(process.execPath, [script, mode], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      return Number(run.stdout);
    };
    const grown = youngBytes("defaults");
    const limited = youngBytes("limited");
    const cap = STDIO_HEAP_LIMITS.youngGenerationMiB * MiB;
    expect(grown).toBeGreaterThan(2 * cap);
    expect(limited).toBeGreaterThanOrEqual(cap);
    // The observer runs after a GC, so one more doubling can slip in before it (the cap is "about").
    expect(limited).toBeLessThanOrEqual(2 * cap);
  });
});
