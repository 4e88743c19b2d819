// @ts-check
// `npm run bench [-- --quick] [-- --no-build]`: measures the shipped bin (dist/index.js) against
// references measured in the same run: a bare Node floor, the official reference server
// (@modelcontextprotocol/server-everything), a minimal bundled SDK-v2 server (the engine's floor),
// this server as plain tsc output (the baseline) and direct HTTP requests to the same fake v0; then
// the bin over stateless HTTP (`--http`) against a bare node:http JSON server, and a soak.
// It is not part of `npm test`: it prints a table with targets on stdout and writes every number
// to .bench/results.json; progress goes to stderr. Exit code 0 whatever the targets say.
//
// Everything runs on 127.0.0.1: the fake v0 API (bench/fake-v0.mjs, its own process), the servers
// under test, and this process as the MCP client (raw newline-delimited JSON-RPC, no SDK) and as
// the direct HTTP client. Contenders alternate round-robin, so a noisy neighbour hurts them alike.
//
//   bench/config.mjs        options, run sizes, targets
//   bench/harness/          processes and /proc, the JSON-RPC client, direct clients, contenders, stats
//   bench/scenarios/        start-up, per-call latency and throughput, memory under load
//   bench/report/           the table's rows, the report and results.json
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs, settingsFor, targets, USAGE } from "./config.mjs";
import { measurePack, prepareContenders } from "./harness/contenders.mjs";
import { directClient } from "./harness/direct.mjs";
import { cpuMs, killAll, outDir, ownCpuMs, progress, serverEnv, startFake } from "./harness/processes.mjs";
import { RpcChild } from "./harness/rpc-child.mjs";
import { assembleResults, writeReport } from "./report/results.mjs";
import { measureLatency, measureThroughput } from "./scenarios/calls.mjs";
import { measureHttpThroughput } from "./scenarios/http-throughput.mjs";
import { measureMemory } from "./scenarios/memory.mjs";
import { measureSoak } from "./scenarios/soak.mjs";
import { measureStartup } from "./scenarios/startup.mjs";

/** @param {string} name */
const createArgs = (name) => ({ name, events: ["message.finished"], url: "https://bench.example.com/hooks" });

/** @param {{ quick: boolean, build: boolean }} options */
async function main({ quick, build }) {
  const startedAt = performance.now();
  const loadAtStart = loadavg();
  const settings = settingsFor(quick);
  mkdirSync(outDir, { recursive: true });
  const watchdog = setTimeout(() => {
    progress(`gave up after ${settings.watchdogMinutes} minutes`);
    killAll();
    process.exit(1);
  }, settings.watchdogMinutes * 60_000);
  watchdog.unref();

  const prepared = await prepareContenders(build);
  const { contenders: c } = prepared;
  progress("npm pack --dry-run");
  const pack = measurePack();

  const fake = await startFake();
  /** @type {RpcChild[]} */
  const sessions = [];
  try {
    const all = [c.floor, c.reference, c.minimal, c.minimalNoAjv, c.baseline, c.shipped];
    progress(
      `start-up: ${settings.startupRounds} rounds × ${all.length} contenders (2025-era, and 2026-07-28 where spoken), then ${settings.phaseRounds} diagnostic rounds`,
    );
    const startup = await measureStartup(all, fake.baseUrl, settings);

    progress(
      `latency: ${settings.warmupCalls} warm-up + ${settings.latencyCalls} sequential calls per runner and tool`,
    );
    /** @param {import("./harness/contenders.mjs").Contender} contender */
    const open = async (contender) => {
      const session = new RpcChild(contender.label, contender.command, serverEnv(fake.baseUrl));
      sessions.push(session);
      return session.initialize();
    };
    const base = await open(c.baseline);
    const ship = await open(c.shipped);
    const minimal = await open(c.minimal);
    const floor = await open(c.floor);
    const http = directClient(fake.baseUrl, "node:http");
    const viaFetch = directClient(fake.baseUrl, "fetch");
    const hookId = /** @type {string} */ (fake.hookIds[0]);
    const getArgs = { webhookId: hookId };
    const getRunners = {
      directHttp: () => http.get(hookId),
      directFetch: () => viaFetch.get(hookId),
      baseline: () => base.callTool("get_webhook", getArgs),
      shipped: () => ship.callTool("get_webhook", getArgs),
      minimalEcho: () => minimal.callTool("echo", { text: hookId }),
      floorPing: () => floor.request("ping", {}),
    };
    const get = await measureLatency(getRunners, settings);
    const create = await measureLatency(
      {
        directHttp: (i) => http.create(createArgs(`bench direct ${i}`)),
        directFetch: (i) => viaFetch.create(createArgs(`bench fetch ${i}`)),
        baseline: (i) => base.callTool("create_webhook", createArgs(`bench baseline ${i}`)),
        shipped: (i) => ship.callTool("create_webhook", createArgs(`bench shipped ${i}`)),
      },
      settings,
    );

    progress(
      `throughput: ${settings.throughputRounds} round(s) × ${settings.throughputCalls} calls per runner, ${settings.inFlight} in flight`,
    );
    const throughput = await measureThroughput(
      getRunners,
      {
        directHttp: ownCpuMs,
        directFetch: ownCpuMs,
        baseline: () => cpuMs(base.pid),
        shipped: () => cpuMs(ship.pid),
        minimalEcho: () => cpuMs(minimal.pid),
        floorPing: () => cpuMs(floor.pid),
      },
      settings,
    );
    const afterCalls = {
      baseline: { calls: base.toolCalls, ...base.memory() },
      shipped: { calls: ship.toolCalls, ...ship.memory() },
    };
    await Promise.all(sessions.splice(0).map((session) => session.close()));

    progress(
      `memory: ${settings.rssCalls} calls in a fresh process each (node:http client, baseline, shipped), then ${settings.flatCalls} on the shipped bin (V8 defaults, then --max-semi-space-size=4) and on the minimal server`,
    );
    const memory = await measureMemory(
      { baseline: c.baseline, shipped: c.shipped, minimal: c.minimal },
      fake,
      settings,
      targets.flatSlopeMiBPer10k,
    );

    const shippedBin = /** @type {string} */ (c.shipped.command[0]);
    progress(
      `HTTP: ${settings.httpRounds} round(s) × ${settings.httpRoundMs} ms per server (shipped --http, node:http JSON floor), ${settings.httpInFlight} in flight, stateless 2026-07-28 tools/call`,
    );
    const overHttp = await measureHttpThroughput(shippedBin, fake, settings);
    progress(
      `soak: ${settings.soakCalls} HTTP calls through a fresh shipped --http process, ${settings.httpInFlight} in flight, VmRSS every ${settings.soakEvery}`,
    );
    const soak = await measureSoak(shippedBin, fake, settings, targets.soakSlopeMiBPer10k);

    const results = assembleResults({
      quick,
      startedAt,
      loadAtStart,
      settings,
      prepared,
      startup,
      latencyMs: { get_webhook: get, create_webhook: create },
      throughput,
      afterCalls,
      memory,
      http: overHttp,
      soak,
      pack,
    });
    process.stdout.write(`${writeReport(results)}\n`);
  } finally {
    await Promise.all(sessions.map((session) => session.kill()));
    fake.stop();
    killAll();
  }
}

/** @type {ReturnType<typeof parseArgs>} */
let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(USAGE);
} else {
  await main(options).catch((error) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAll();
    process.exit(1);
  });
}
