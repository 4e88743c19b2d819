// @ts-check
// Memory under load, each in a fresh process with V8's defaults (no flags): peak RSS (VmHWM) after
// `rssCalls` get_webhook calls with `inFlight` in flight, for a bare Node HTTP client making the
// same requests (bench/http-floor.mjs), the baseline and the shipped bin; then the shipped bin's
// VmRSS every `flatEvery` calls up to `flatCalls`, its peak and its slope over the second half; for
// information, the peak over as many calls of the shipped bin started with `node
// --max-semi-space-size=4` (as README suggests) and of the minimal SDK-v2 server's echo tool (the
// SDK engine's own, no HTTP).
import { join } from "node:path";
import { API_KEY, root, runJsonScript, serverEnv } from "../harness/processes.mjs";
import { RpcChild } from "../harness/rpc-child.mjs";
import { medianSlope, pump, slope } from "../harness/stats.mjs";

/** @typedef {import("../http-floor.mjs").HttpFloorResult} HttpFloorResult */
/** @typedef {import("../harness/contenders.mjs").Contender} Contender */

/**
 * @param {{ baseline: Contender, shipped: Contender, minimal: Contender }} contenders
 * @param {{ baseUrl: string, hookIds: string[] }} fake
 * @param {import("../config.mjs").Settings} settings
 * @param {number} flatSlopeMiBPer10k the flatness target
 */
export async function measureMemory(contenders, fake, settings, flatSlopeMiBPer10k) {
  const hookId = /** @type {string} */ (fake.hookIds[0]);
  const args = { webhookId: hookId };
  /** @param {RpcChild} server */
  const peakOf = (server) => ({ calls: server.toolCalls, ...server.memory() });
  /** @param {Contender} contender @param {string[]} [nodeArgs] */
  const open = (contender, nodeArgs = []) =>
    new RpcChild(contender.label, contender.command, serverEnv(fake.baseUrl), nodeArgs).initialize();
  /**
   * A fresh process's peak after `calls` calls of `tool`.
   * @param {Contender} contender @param {string[]} nodeArgs @param {number} calls
   * @param {string} tool @param {Record<string, unknown>} toolArgs
   */
  const peakAfter = async (contender, nodeArgs, calls, tool, toolArgs) => {
    const server = await open(contender, nodeArgs);
    try {
      await pump(calls, settings.inFlight, () => server.callTool(tool, toolArgs));
      return peakOf(server);
    } finally {
      await server.close();
    }
  };

  /** @type {HttpFloorResult} */
  const httpFloor = await runJsonScript(join(root, "bench", "http-floor.mjs"), {
    BENCH_URL: `${fake.baseUrl}/hooks/${hookId}`,
    BENCH_KEY: API_KEY,
    BENCH_CALLS: String(settings.rssCalls),
    BENCH_IN_FLIGHT: String(settings.inFlight),
  });

  const basePeak = await peakAfter(contenders.baseline, [], settings.rssCalls, "get_webhook", args);

  const ship = await open(contenders.shipped);
  /** @type {ReturnType<typeof peakOf> | undefined} */
  let shipPeak;
  /** @type {{ calls: number, vmRssMiB: number | null }[]} */
  const samples = [];
  /** @type {number | null} */
  let hwmMiB = null;
  try {
    samples.push({ calls: 0, vmRssMiB: ship.memory().vmRssMiB });
    while (ship.toolCalls < settings.flatCalls) {
      await pump(settings.flatEvery, settings.inFlight, () => ship.callTool("get_webhook", args));
      const sample = peakOf(ship);
      samples.push({ calls: sample.calls, vmRssMiB: sample.vmRssMiB });
      if (shipPeak === undefined && sample.calls >= settings.rssCalls) shipPeak = sample;
    }
    shipPeak ??= peakOf(ship);
    hwmMiB = ship.memory().vmHwmMiB;
  } finally {
    await ship.close();
  }
  const smallYoung = ["--max-semi-space-size=4"];
  const shippedSmallYoung = await peakAfter(contenders.shipped, smallYoung, settings.flatCalls, "get_webhook", args);
  const minimalPeak = await peakAfter(contenders.minimal, [], settings.flatCalls, "echo", { text: hookId });

  const secondHalf = samples
    .filter((s) => s.calls >= settings.flatCalls / 2 && s.vmRssMiB !== null)
    .map((s) => ({ x: s.calls, y: /** @type {number} */ (s.vmRssMiB) }));
  const slopePer10k = slope(secondHalf) * 10_000;
  return {
    peak: { httpFloor, baseline: basePeak, shipped: shipPeak, minimalEcho: minimalPeak },
    sustained: { shippedSemiSpace4: { nodeArgs: smallYoung, ...shippedSmallYoung } },
    flatness: {
      calls: settings.flatCalls,
      every: settings.flatEvery,
      samples,
      hwmMiB,
      pointsInFit: secondHalf.length,
      slopeMiBPer10k: slopePer10k,
      theilSenSlopeMiBPer10k: medianSlope(secondHalf) * 10_000,
      flat: Number.isFinite(slopePer10k) ? Math.abs(slopePer10k) < flatSlopeMiBPer10k : null,
    },
  };
}
/** @typedef {Awaited<ReturnType<typeof measureMemory>>} MemoryResults */
