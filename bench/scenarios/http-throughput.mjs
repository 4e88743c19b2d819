// @ts-check
// Stateless HTTP throughput: 2026-07-28 `tools/call` get_webhook requests (each standing alone, no
// session) with `httpInFlight` in flight, through the shipped bin's `--http` server (against the
// fake v0), and against a bare node:http server in its own process answering each POST with a small
// JSON body (bench/json-floor-server.mjs), the floor. Same client for both (this process, node:http,
// keep-alive agent, one socket per call in flight: bench/harness/http-client.mjs), same request.
// After a warm-up at full concurrency, `httpRounds` rounds of `httpRoundMs` each, the two taking
// turns per round. Per server: median calls/s over rounds, p50/p99 latency over every measured call,
// and the CPU each process spent per call (the server, the fake v0, this process as the client).

import { httpPoster, modernToolCall, parseAnswer } from "../harness/http-client.mjs";
import { HTTP_TOKEN, startBinHttp, startJsonFloor } from "../harness/http-servers.mjs";
import { cpuMs, ownCpuMs } from "../harness/processes.mjs";
import { MODERN_PROTOCOL } from "../harness/rpc-child.mjs";
import { median, quantile, rotate, round } from "../harness/stats.mjs";

/**
 * Keeps `inFlight` calls going for `ms`; each call's latency goes into `latencies`.
 * @param {number} ms @param {number} inFlight @param {() => Promise<unknown>} call @param {number[]} [latencies]
 */
export async function pumpFor(ms, inFlight, call, latencies) {
  let calls = 0;
  const begin = performance.now();
  const deadline = begin + ms;
  const worker = async () => {
    for (let started = performance.now(); started < deadline; started = performance.now()) {
      await call();
      latencies?.push(performance.now() - started);
      calls++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { calls, wallMs: performance.now() - begin };
}

/** What get_webhook's answer must hold. @param {string} text @param {string} hookId */
function checkToolAnswer(text, hookId) {
  const { result, error } = parseAnswer(text);
  const structured = /** @type {{ id?: unknown } | undefined} */ (result?.structuredContent);
  if (error !== undefined || result?.isError === true || structured?.id !== hookId)
    throw new Error(`shipped --http: get_webhook did not answer with ${hookId}: ${text.slice(0, 1_000)}`);
}

/**
 * @param {string} bin the shipped bin (its snapshot)
 * @param {{ baseUrl: string, hookIds: string[], pid: number | undefined }} fake
 * @param {import("../config.mjs").Settings} settings
 */
export async function measureHttpThroughput(bin, fake, settings) {
  const hookId = /** @type {string} */ (fake.hookIds[0]);
  const inFlight = settings.httpInFlight;
  const call = modernToolCall(HTTP_TOKEN, "get_webhook", { webhookId: hookId });
  const floor = await startJsonFloor();
  const shipped = await startBinHttp(bin, fake.baseUrl).catch(async (error) => {
    await floor.stop();
    throw error;
  });
  const servers = { floor, shipped };
  const posters = { floor: httpPoster(floor.url, call, inFlight), shipped: httpPoster(shipped.url, call, inFlight) };
  const kinds = /** @type {const} */ (["floor", "shipped"]);
  try {
    const floorAnswer = await posters.floor.first();
    if (parseAnswer(floorAnswer).result === undefined) throw new Error(`JSON floor answered ${floorAnswer}`);
    const shippedAnswer = await posters.shipped.first();
    checkToolAnswer(shippedAnswer, hookId);

    for (const kind of kinds) await pumpFor(settings.httpWarmupMs, inFlight, posters[kind].call);
    const spent = Object.fromEntries(
      kinds.map((kind) => [
        kind,
        {
          rates: /** @type {number[]} */ ([]),
          latencies: /** @type {number[]} */ ([]),
          calls: 0,
          wallMs: 0,
          ms: { server: 0, fake: 0, client: 0 },
        },
      ]),
    );
    for (let r = 0; r < settings.httpRounds; r++) {
      for (const kind of rotate(kinds, r)) {
        const s = /** @type {(typeof spent)[string]} */ (spent[kind]);
        const pid = servers[kind].pid;
        const before = { server: cpuMs(pid), fake: cpuMs(fake.pid), client: ownCpuMs() };
        const { calls, wallMs } = await pumpFor(settings.httpRoundMs, inFlight, posters[kind].call, s.latencies);
        s.ms.server += cpuMs(pid) - before.server;
        s.ms.fake += cpuMs(fake.pid) - before.fake;
        s.ms.client += ownCpuMs() - before.client;
        s.rates.push(calls / (wallMs / 1000));
        s.calls += calls;
        s.wallMs += wallMs;
      }
    }
    const byServer = Object.fromEntries(
      kinds.map((kind) => {
        const s = /** @type {(typeof spent)[string]} */ (spent[kind]);
        const perCall = (/** @type {number} */ ms) => (ms * 1000) / s.calls;
        return [
          kind,
          {
            callsPerSec: median(s.rates),
            samples: s.rates.map((v) => round(v, 0)),
            calls: s.calls,
            p50Ms: quantile(s.latencies, 0.5),
            p99Ms: quantile(s.latencies, 0.99),
            cpuUsPerCall: { server: perCall(s.ms.server), fakeV0: perCall(s.ms.fake), client: perCall(s.ms.client) },
            /** CPU time over wall time: 1 is one core kept busy */
            cores: { server: s.ms.server / s.wallMs, fakeV0: s.ms.fake / s.wallMs, client: s.ms.client / s.wallMs },
          },
        ];
      }),
    );
    return {
      protocol: MODERN_PROTOCOL,
      request: "POST /mcp tools/call get_webhook, stateless",
      client: "this process: node:http, keep-alive agent, one socket per call in flight",
      inFlight,
      roundMs: settings.httpRoundMs,
      rounds: settings.httpRounds,
      answerBytes: { floor: Buffer.byteLength(floorAnswer), shipped: Buffer.byteLength(shippedAnswer) },
      byServer: /** @type {Record<"floor" | "shipped", ServerThroughput>} */ (byServer),
    };
  } finally {
    for (const kind of kinds) posters[kind].close();
    await Promise.all(kinds.map((kind) => servers[kind].stop()));
  }
}
/**
 * @typedef {{ callsPerSec: number, samples: (number | null)[], calls: number, p50Ms: number, p99Ms: number,
 *   cpuUsPerCall: { server: number, fakeV0: number, client: number }, cores: { server: number, fakeV0: number, client: number } }} ServerThroughput
 */
/** @typedef {Awaited<ReturnType<typeof measureHttpThroughput>>} HttpThroughput */
