import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { applyHeapLimits, type HeapLimitDeps, STDIO_HEAP_LIMITS } from "../src/heap-limits.js";

const MiB = 1024 * 1024;

function fakeV8(userFlags = "", youngMiB = 2) {
  const flags: string[] = [];
  let young = youngMiB * MiB;
  let onGc: (() => void) | undefined;
  let disconnected = false;
  const deps: HeapLimitDeps = {
    userFlags,
    setFlags: (f) => flags.push(f),
    youngGenerationBytes: () => young,
    observeGc: (callback) => {
      onGc = callback;
      return {
        observe() {},
        disconnect() {
          disconnected = true;
        },
      };
    },
  };
  return {
    deps,
    flags,
    gcAt(mib: number) {
      young = mib * MiB;
      if (!disconnected) onGc?.();
    },
    get observing() {
      return onGc !== undefined && !disconnected;
    },
  };
}

describe("applyHeapLimits", () => {
  it("lets the young generation grow to the cap, then stops its growth and stops watching", () => {
    const v8 = fakeV8();
    const applied = applyHeapLimits({ youngGenerationMiB: 8, heapGrowingPercent: 30 }, v8.deps);
    expect(applied).toEqual(["old generation grows 30% per full GC", "young generation stops growing at 8 MiB"]);
    expect(v8.flags).toEqual(["--heap-growing-percent=30"]);
    v8.gcAt(4);
    expect(v8.flags).not.toContain("--semi-space-growth-factor=1");
    v8.gcAt(8);
    expect(v8.flags).toEqual(["--heap-growing-percent=30", "--semi-space-growth-factor=1"]);
    expect(v8.observing).toBe(false);
    v8.gcAt(16);
    expect(v8.flags).toHaveLength(2);
  });

  it("stops the growth at once if the young generation is already at the cap", () => {
    const v8 = fakeV8("", 16);
    applyHeapLimits(STDIO_HEAP_LIMITS, v8.deps);
    expect(v8.flags).toContain("--semi-space-growth-factor=1");
    expect(v8.observing).toBe(false);
  });

  it("leaves alone what the user set through NODE_OPTIONS or node's own options", () => {
    const young = fakeV8("--max-old-space-size=512 --max-semi-space-size=4");
    expect(applyHeapLimits(STDIO_HEAP_LIMITS, young.deps)).toEqual(["old generation grows 30% per full GC"]);
    young.gcAt(64);
    expect(young.flags).toEqual(["--heap-growing-percent=30"]);

    const old = fakeV8("--heap-growing-percent=50");
    expect(applyHeapLimits(STDIO_HEAP_LIMITS, old.deps)).toEqual(["young generation stops growing at 8 MiB"]);
    old.gcAt(8);
    expect(old.flags).toEqual(["--semi-space-growth-factor=1"]);
  });

  it("really stops V8's young generation growing from inside a running process", () => {
    // The mechanism depends on V8 reading the flag at each decision, not once at start-up.
    const script = [
      'const v8 = require("node:v8");',
      'if (process.argv[1] === "freeze") v8.setFlagsFromString("--semi-space-growth-factor=1");',
      "const ring = new Array(50000);",
      "for (let n = 0; n < 2e6; n++) ring[n % ring.length] = { n, s: String(n) };",
      'process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size));',
    ].join("\n");
    const youngBytes = (mode: string) =>
      Number(spawnSync(process.execPath, ["-e", script, mode], { encoding: "utf8" }).stdout);
    const grown = youngBytes("grow");
    const frozen = youngBytes("freeze");
    expect(grown).toBeGreaterThanOrEqual(16 * MiB);
    expect(frozen).toBeGreaterThan(0);
    expect(frozen).toBeLessThanOrEqual(4 * MiB);
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
