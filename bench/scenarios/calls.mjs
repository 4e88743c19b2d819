// @ts-check
// Per-call cost against the fake v0: sequential latency (round-robin per call) and throughput with
// N calls in flight (round-robin per round), plus the CPU time each contender spent per call.
// Runners are named; any set of them is measured alike.

import { median, pump, quantile, rotate, round } from "../harness/stats.mjs";

/** @typedef {(i: number) => Promise<unknown>} Runner */

/**
 * Sequential calls: `warmupCalls` each, then `latencyCalls` each, the runners taking turns per
 * call. Returns p50/p90 in ms per runner.
 * @template {string} K
 * @param {Record<K, Runner>} runners
 * @param {import("../config.mjs").Settings} settings
 */
export async function measureLatency(runners, settings) {
  const kinds = /** @type {K[]} */ (Object.keys(runners));
  for (let i = 0; i < settings.warmupCalls; i++) {
    for (const kind of kinds) await runners[kind](i);
  }
  /** @type {Map<K, number[]>} */
  const samples = new Map(kinds.map((kind) => [kind, []]));
  for (let i = 0; i < settings.latencyCalls; i++) {
    for (const kind of rotate(kinds, i)) {
      const started = performance.now();
      await runners[kind](settings.warmupCalls + i);
      samples.get(kind)?.push(performance.now() - started);
    }
  }
  return /** @type {Record<K, { p50: number, p90: number }>} */ (
    Object.fromEntries(
      kinds.map((kind) => {
        const values = samples.get(kind) ?? [];
        return [kind, { p50: quantile(values, 0.5), p90: quantile(values, 0.9) }];
      }),
    )
  );
}

/**
 * `throughputRounds` rounds of `throughputCalls` calls with `inFlight` in flight, the runners
 * taking turns per round (after a warm-up at full concurrency, which also opens every keep-alive
 * connection). Also the CPU time each spent per call, which a busy machine disturbs much less than
 * wall-clock rates: `cpu[kind]()` is the cumulative CPU ms of whoever does that runner's work (the
 * server process, or this process for the direct clients).
 * @template {string} K
 * @param {Record<K, () => Promise<unknown>>} runners
 * @param {Record<K, () => number>} cpu
 * @param {import("../config.mjs").Settings} settings
 */
export async function measureThroughput(runners, cpu, settings) {
  const kinds = /** @type {K[]} */ (Object.keys(runners));
  for (const kind of kinds) await pump(Math.min(500, settings.throughputCalls), settings.inFlight, runners[kind]);
  /** @type {Map<K, { rates: number[], cpuMs: number }>} */
  const spent = new Map(kinds.map((kind) => [kind, { rates: [], cpuMs: 0 }]));
  for (let r = 0; r < settings.throughputRounds; r++) {
    for (const kind of rotate(kinds, r)) {
      const s = /** @type {{ rates: number[], cpuMs: number }} */ (spent.get(kind));
      const before = cpu[kind]();
      s.rates.push(await pump(settings.throughputCalls, settings.inFlight, runners[kind]));
      s.cpuMs += cpu[kind]() - before;
    }
  }
  const calls = settings.throughputRounds * settings.throughputCalls;
  return /** @type {Record<K, { callsPerSec: number, samples: (number | null)[], cpuUsPerCall: number }>} */ (
    Object.fromEntries(
      kinds.map((kind) => {
        const s = /** @type {{ rates: number[], cpuMs: number }} */ (spent.get(kind));
        return [
          kind,
          {
            callsPerSec: median(s.rates),
            samples: s.rates.map((v) => round(v, 0)),
            cpuUsPerCall: (s.cpuMs * 1000) / calls,
          },
        ];
      }),
    )
  );
}
