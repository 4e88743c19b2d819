import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

export interface HeapLimits {
  /** Stop growing V8's young generation (both semi-spaces) once it is this big. */
  youngGenerationMiB: number;
  /** After a full GC, let the old generation grow by this percentage before the next one. */
  heapGrowingPercent: number;
}

/**
 * A stdio server is one of many processes a desktop client keeps running, idle most of the time
 * and busy in bursts; a few MiB of heap matter more to it than the last percent of throughput.
 */
export const STDIO_HEAP_LIMITS: HeapLimits = { youngGenerationMiB: 8, heapGrowingPercent: 30 };

/** Flags that, given by the user (NODE_OPTIONS or node's own options), leave that setting alone. */
const YOUNG_FLAGS = ["--max-semi-space-size", "--min-semi-space-size", "--semi-space-growth-factor"];
const OLD_FLAGS = ["--heap-growing-percent"];

/** V8's default (`node --v8-options`), restored while the young generation is below the cap. */
const V8_SEMI_SPACE_GROWTH_FACTOR = 2;

export interface HeapLimitDeps {
  /** NODE_OPTIONS and process.execArgv, joined. */
  userFlags: string;
  setFlags: (flags: string) => void;
  youngGenerationBytes: () => number;
  /** Calls `onGc` after garbage collections, for the life of the process. */
  observeGc: (onGc: () => void) => void;
}

const realDeps = (): HeapLimitDeps => ({
  userFlags: `${process.env.NODE_OPTIONS ?? ""} ${process.execArgv.join(" ")}`,
  setFlags: setFlagsFromString,
  youngGenerationBytes: () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0,
  observeGc: (onGc) => new PerformanceObserver(onGc).observe({ entryTypes: ["gc"] }),
});

/**
 * Keeps peak memory under a burst of calls low (see the README's Performance section).
 *
 * Under sustained allocation V8 doubles its young generation up to 2×16 MiB, and promoted garbage
 * piles up in the old generation between full GCs: 64 calls in flight took a fresh process from
 * 46 to over 90 MiB RSS, and over 110 MiB later. The limits are V8's own flags, which are read
 * when the heap is configured (too late from inside the process) except for these two, which V8
 * reads each time it decides: the young generation's growth factor (set to 1, growth stops) and
 * the old generation's growing percentage. So the young generation is let grow as usual until it
 * reaches `youngGenerationMiB`, then held there: a GC observer sets the growth factor to 1 when it
 * is at the cap and back to V8's 2 when it is below, because V8 shrinks it again when the process
 * is idle (after about 10 s) and it must be able to grow back for the next burst. The observer
 * runs after the GC, so a long synchronous burst can grow it once more first: the cap is
 * approximate (8 MiB in every `npm run bench` run so far).
 *
 * Returns what it changed, for the log.
 */
export function applyHeapLimits(limits: HeapLimits, deps: HeapLimitDeps = realDeps()): string[] {
  const applied: string[] = [];
  const given = flagNames(deps.userFlags);
  const userSet = (flags: string[]) => flags.some((flag) => given.has(flag));
  if (!userSet(OLD_FLAGS)) {
    deps.setFlags(`--heap-growing-percent=${limits.heapGrowingPercent}`);
    applied.push(`old generation grows ${limits.heapGrowingPercent}% per full GC`);
  }
  if (!userSet(YOUNG_FLAGS)) {
    const cap = limits.youngGenerationMiB * 1024 * 1024;
    let growthFactor = V8_SEMI_SPACE_GROWTH_FACTOR;
    const holdAtCap = () => {
      const wanted = deps.youngGenerationBytes() < cap ? V8_SEMI_SPACE_GROWTH_FACTOR : 1;
      if (wanted === growthFactor) return;
      growthFactor = wanted;
      deps.setFlags(`--semi-space-growth-factor=${wanted}`);
    };
    holdAtCap();
    deps.observeGc(holdAtCap);
    applied.push(`young generation stops growing at about ${limits.youngGenerationMiB} MiB`);
  }
  return applied;
}

/** The options named in a command line, as V8 and Node read them: `_` and `-` are the same. */
export function flagNames(commandLine: string): Set<string> {
  const names = new Set<string>();
  for (const word of commandLine.split(/\s+/)) {
    if (!word.startsWith("--")) continue;
    names.add(`--${word.slice(2).split("=")[0]?.replace(/_/g, "-")}`);
  }
  return names;
}
