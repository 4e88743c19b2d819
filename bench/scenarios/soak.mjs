// @ts-check
// Soak over stateless HTTP: `soakCalls` 2026-07-28 `tools/call` get_webhook requests, `httpInFlight`
// in flight, through the shipped bin's `--http` server (the node:http adapter around the same
// Web-standard handler as dist/fetch.js) in a fresh process with V8's defaults, against the fake v0;
// the same client as the HTTP throughput rows. VmRSS is read from /proc every `soakEvery` calls
// (between batches, nothing in flight); the slope over the second half, least squares and
// Theil–Sen, says whether memory keeps growing with calls (a leak) or has settled.
import { httpPoster, modernToolCall, parseAnswer } from "../harness/http-client.mjs";
import { HTTP_TOKEN, startBinHttp } from "../harness/http-servers.mjs";
import { progress, readMemory } from "../harness/processes.mjs";
import { medianSlope, pump, slope } from "../harness/stats.mjs";

/**
 * @param {string} bin the shipped bin (its snapshot)
 * @param {{ baseUrl: string, hookIds: string[] }} fake
 * @param {import("../config.mjs").Settings} settings
 * @param {number} targetMiBPer10k the slope must stay below this (judged only when settings.soakJudged)
 */
export async function measureSoak(bin, fake, settings, targetMiBPer10k) {
  const hookId = /** @type {string} */ (fake.hookIds[0]);
  const server = await startBinHttp(bin, fake.baseUrl);
  const poster = httpPoster(
    server.url,
    modernToolCall(HTTP_TOKEN, "get_webhook", { webhookId: hookId }),
    settings.httpInFlight,
  );
  /** @type {{ calls: number, vmRssMiB: number | null }[]} */
  const samples = [];
  let calls = 0;
  let wallMs = 0;
  /** @type {number | null} */
  let hwmMiB = null;
  try {
    const first = await poster.first();
    const structured = /** @type {{ id?: unknown } | undefined} */ (parseAnswer(first).result?.structuredContent);
    if (structured?.id !== hookId) throw new Error(`soak: get_webhook did not answer with ${hookId}: ${first}`);
    samples.push({ calls, vmRssMiB: readMemory(server.pid).vmRssMiB });
    const begin = performance.now();
    let reported = begin;
    while (calls < settings.soakCalls) {
      const batch = Math.min(settings.soakEvery, settings.soakCalls - calls);
      await pump(batch, settings.httpInFlight, poster.call);
      calls += batch;
      samples.push({ calls, vmRssMiB: readMemory(server.pid).vmRssMiB });
      if (performance.now() - reported > 10_000) {
        reported = performance.now();
        progress(`  soak: ${calls} calls, VmRSS ${samples.at(-1)?.vmRssMiB?.toFixed(1)} MiB`);
      }
    }
    wallMs = performance.now() - begin;
    hwmMiB = readMemory(server.pid).vmHwmMiB;
  } finally {
    poster.close();
    await server.stop();
  }
  const secondHalf = samples
    .filter((s) => s.calls >= settings.soakCalls / 2 && s.vmRssMiB !== null)
    .map((s) => ({ x: s.calls, y: /** @type {number} */ (s.vmRssMiB) }));
  const slopeMiBPer10k = slope(secondHalf) * 10_000;
  const judged = settings.soakJudged && Number.isFinite(slopeMiBPer10k);
  return {
    via: "the shipped bin with --http (a fresh process, V8 defaults), over node:http from this process",
    calls,
    every: settings.soakEvery,
    inFlight: settings.httpInFlight,
    callsPerSec: calls / (wallMs / 1000),
    wallSec: wallMs / 1000,
    samples,
    hwmMiB,
    pointsInFit: secondHalf.length,
    slopeMiBPer10k,
    theilSenSlopeMiBPer10k: medianSlope(secondHalf) * 10_000,
    judged: settings.soakJudged,
    /** null when not judged (--quick: too few calls to tell a leak from warm-up) or not measurable */
    pass: judged ? slopeMiBPer10k < targetMiBPer10k : null,
  };
}
/** @typedef {Awaited<ReturnType<typeof measureSoak>>} Soak */
