// @ts-check
// The bench's output: every number in .bench/results.json, and on stdout the table plus the
// details behind it.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, relative } from "node:path";
import { targets } from "../config.mjs";
import { outDir, root } from "../harness/processes.mjs";
import { fmt } from "../harness/stats.mjs";
import { tableRows } from "./rows.mjs";

export const resultsPath = join(outDir, "results.json");

function gitInfo() {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" });
  const status = spawnSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" });
  return {
    head: head.status === 0 ? head.stdout.trim() : null,
    changedFiles: status.status === 0 ? status.stdout.split("\n").filter(Boolean).length : null,
  };
}

/**
 * Everything measured, in one object.
 * @param {{
 *   quick: boolean, startedAt: number, loadAtStart: number[],
 *   settings: import("../config.mjs").Settings,
 *   prepared: Awaited<ReturnType<typeof import("../harness/contenders.mjs").prepareContenders>>,
 *   startup: import("../scenarios/startup.mjs").Startup,
 *   latencyMs: {
 *     get_webhook: Record<"directHttp" | "directFetch" | "baseline" | "shipped" | "minimalEcho" | "floorPing", { p50: number, p90: number }>,
 *     create_webhook: Record<"directHttp" | "directFetch" | "baseline" | "shipped", { p50: number, p90: number }>,
 *   },
 *   throughput: Record<"directHttp" | "directFetch" | "baseline" | "shipped" | "minimalEcho" | "floorPing", { callsPerSec: number, samples: (number | null)[], cpuUsPerCall: number }>,
 *   afterCalls: Record<"baseline" | "shipped", { calls: number, vmRssMiB: number | null, vmHwmMiB: number | null }>,
 *   memory: import("../scenarios/memory.mjs").MemoryResults,
 *   http: import("../scenarios/http-throughput.mjs").HttpThroughput,
 *   soak: import("../scenarios/soak.mjs").Soak,
 *   pack: ReturnType<typeof import("../harness/contenders.mjs").measurePack>,
 * }} parts
 */
export function assembleResults(parts) {
  const { prepared, settings } = parts;
  const labels = Object.fromEntries(Object.values(prepared.contenders).map((c) => [c.kind, c.label]));
  return {
    createdAt: new Date().toISOString(),
    mode: parts.quick ? "quick" : "full",
    durationSec: (performance.now() - parts.startedAt) / 1000,
    machine: {
      node: process.version,
      platform: process.platform,
      cpus: cpus().length,
      loadavgAtStart: parts.loadAtStart,
      loadavgAtEnd: loadavg(),
    },
    git: gitInfo(),
    settings,
    targets,
    contenders: {
      .../** @type {typeof prepared.info} */ (prepared.info),
      labels: /** @type {Record<import("../harness/contenders.mjs").ServerKind, string>} */ (labels),
      direct: "this process: node:http, keep-alive agent as the server's (16 sockets, LIFO); fetch for information",
    },
    buildMs: prepared.buildMs,
    startup: parts.startup,
    latencyMs: parts.latencyMs,
    throughput: { inFlight: settings.inFlight, callsPerRound: settings.throughputCalls, byRunner: parts.throughput },
    memory: { afterLatencyAndThroughput: parts.afterCalls, ...parts.memory },
    http: parts.http,
    soak: parts.soak,
    pack: parts.pack,
  };
}
/** @typedef {ReturnType<typeof assembleResults>} Results */
/** @typedef {import("./rows.mjs").Row} Row */

/** @param {Row[]} rows */
export function renderTable(rows) {
  const header = { metric: "metric", value: "value", reference: "compared with", ratio: "ratio", target: "target" };
  const cells = rows.map((row) => ({
    ...row,
    result:
      row.pass === null
        ? row.target === "—"
          ? "info"
          : row.judged === false
            ? "skip"
            : "n/a"
        : row.pass
          ? "PASS"
          : "FAIL",
  }));
  const all = [{ ...header, result: "result" }, ...cells];
  const keys = /** @type {const} */ (["metric", "value", "reference", "ratio", "target", "result"]);
  const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
  const line = (/** @type {Record<typeof keys[number], string>} */ row) =>
    keys.map((key, i) => (i === 0 ? row[key].padEnd(widths[i] ?? 0) : row[key].padStart(widths[i] ?? 0))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(all[0] ?? { ...header, result: "result" }), rule, ...cells.map(line)].join("\n");
}

/** The details behind the table. @param {Results} r */
function details(r) {
  const { startup: s, latencyMs, throughput, memory, pack, settings } = r;
  /** @param {{ p50: number, p90: number }} v */
  const pp = (v) => `${fmt(v.p50, 3)}/${fmt(v.p90, 3)}`;
  const out = ["details"];
  for (const tool of /** @type {const} */ (["get_webhook", "create_webhook"])) {
    const v = latencyMs[tool];
    out.push(
      `  ${tool.padEnd(15)} p50/p90 ms: direct node:http ${pp(v.directHttp)}, direct fetch ${pp(v.directFetch)}, baseline ${pp(v.baseline)}, shipped ${pp(v.shipped)}`,
    );
  }
  const by = throughput.byRunner;
  out.push(
    `  CPU µs per call at ${settings.inFlight} in flight: direct node:http ${fmt(by.directHttp.cpuUsPerCall, 0)}, direct fetch ${fmt(by.directFetch.cpuUsPerCall, 0)} (this process), baseline ${fmt(by.baseline.cpuUsPerCall, 0)}, shipped ${fmt(by.shipped.cpuUsPerCall, 0)}, minimal echo ${fmt(by.minimalEcho.cpuUsPerCall, 0)}, floor ping ${fmt(by.floorPing.cpuUsPerCall, 0)} (server process)`,
    `  throughput calls/s per round: ${Object.entries(by)
      .map(([kind, v]) => `${kind} ${v.samples.join(" ")}`)
      .join("; ")}`,
    "  start-up, ms: spawn → initialize answered | → tools/list (ready), 2025-era; → discover | → tools/list, 2026-07-28",
  );
  for (const [kind, v] of Object.entries(s)) {
    const modern = v.modern ? `; ${fmt(v.modern.openMs, 1)} | ${fmt(v.modern.readyMs, 1)}` : "";
    out.push(
      `    ${kind.padEnd(12)} ${fmt(v.legacy.openMs, 1)} | ${fmt(v.legacy.readyMs, 1)}${modern} (${v.legacy.tools} tools; idle VmHWM ${fmt(v.legacy.hwmMiB, 1)} MiB)`,
    );
  }
  out.push("  start-up phases, ms (median of diagnostic rounds with --import bench/boot-mark.mjs, 2025-era):");
  for (const [kind, v] of Object.entries(s)) {
    const p = v.phasesMs;
    out.push(
      `    ${kind.padEnd(12)} boot ${fmt(p.boot, 1)} | entry ${fmt(p.entry, 1)} | initialize ${fmt(p.initialize, 1)} | → tools/list ${fmt(p.toolsList, 1)} | total ${fmt(p.total, 1)}`,
    );
  }
  const after = memory.afterLatencyAndThroughput;
  out.push(
    `  VmHWM after the latency + throughput phases, MiB: baseline ${fmt(after.baseline.vmHwmMiB, 1)} (${after.baseline.calls} calls), shipped ${fmt(after.shipped.vmHwmMiB, 1)} (${after.shipped.calls} calls)`,
    `  shipped VmRSS MiB @ calls: ${memory.flatness.samples.map((v) => `${v.calls / 1000}k ${fmt(v.vmRssMiB, 1)}`).join(", ")}`,
    `    slope over the last ${memory.flatness.pointsInFit} samples: ${fmt(memory.flatness.slopeMiBPer10k)} MiB/10k calls (${memory.flatness.flat ? "flat" : "not flat"}); Theil–Sen cross-check ${fmt(memory.flatness.theilSenSlopeMiBPer10k)} MiB/10k`,
    ...httpDetails(r),
    `  bundles: dist/index.js ${fmt(r.contenders.shipped.bytes / 1024, 1)} KB; minimal SDK v2 ${fmt(r.contenders.minimal.bytes / 1024, 1)} KB (ajv ${r.contenders.minimal.inlinesAjv ? "inlined" : "left out"}), without ajv ${fmt(r.contenders.minimalNoAjv.bytes / 1024, 1)} KB`,
    `  tarball: ${fmt(pack.unpackedKB, 1)} KB unpacked; largest: ${pack.largestFiles.map((f) => `${f.path} ${fmt(f.KB, 1)} KB`).join(", ")}; dependencies: ${pack.dependencies.join(", ") || "none"}`,
  );
  return out;
}

/** The details behind the HTTP and soak rows. @param {Results} r */
function httpDetails(r) {
  const { http, soak } = r;
  const { floor, shipped } = http.byServer;
  /** @param {{ server: number, fakeV0: number, client: number }} v @param {number} digits */
  const split = (v, digits) =>
    `server ${fmt(v.server, digits)}, fake v0 ${fmt(v.fakeV0, digits)}, client ${fmt(v.client, digits)}`;
  return [
    `  HTTP (${http.request}, ${http.protocol}, ${http.inFlight} in flight; client: ${http.client}): ${http.rounds} round(s) of ${http.roundMs} ms each`,
    `    calls/s per round: shipped --http ${shipped.samples.join(" ")}; node:http JSON floor ${floor.samples.join(" ")}`,
    `    answer bytes: shipped ${http.answerBytes.shipped}, floor ${http.answerBytes.floor}; calls measured: shipped ${shipped.calls}, floor ${floor.calls}`,
    `    CPU µs per call: shipped rounds ${split(shipped.cpuUsPerCall, 0)}; floor rounds ${split(floor.cpuUsPerCall, 0)}`,
    `    cores busy (CPU time / wall time): shipped rounds ${split(shipped.cores, 2)}; floor rounds ${split(floor.cores, 2)}`,
    `  soak via ${soak.via}: ${soak.calls} calls, ${soak.inFlight} in flight, ${fmt(soak.callsPerSec, 0)} calls/s, ${fmt(soak.wallSec, 1)} s; VmHWM ${fmt(soak.hwmMiB, 1)} MiB`,
    `    VmRSS MiB @ calls: ${soak.samples.map((v) => `${v.calls / 1000}k ${fmt(v.vmRssMiB, 1)}`).join(", ")}`,
    `    slope over the last ${soak.pointsInFit} samples: ${fmt(soak.slopeMiBPer10k)} MiB/10k calls; Theil–Sen cross-check ${fmt(soak.theilSenSlopeMiBPer10k)} MiB/10k${soak.judged ? "" : " (not judged in --quick)"}`,
  ];
}

/** Writes results.json and returns the report for stdout. @param {Results} r */
export function writeReport(r) {
  const rows = tableRows(r);
  // Four decimals are plenty for every measured number.
  const trim = (/** @type {string} */ _key, /** @type {unknown} */ value) =>
    typeof value === "number" && !Number.isInteger(value) ? Number(value.toFixed(4)) : value;
  writeFileSync(resultsPath, `${JSON.stringify({ ...r, rows }, trim, 2)}\n`);
  const { machine } = r;
  const out = [
    `v0-webhooks-mcp bench (${r.mode}): node ${machine.node}, ${machine.cpus} CPUs, 1-min load ${fmt(machine.loadavgAtStart[0])} → ${fmt(machine.loadavgAtEnd[0])}; medians, contenders round-robin`,
    `reference: ${r.contenders.reference.path} ${r.contenders.reference.args.join(" ")} (${r.contenders.reference.version}); minimal: ${r.contenders.minimal.source} bundled by esbuild; baseline: ${r.contenders.baseline.from} (tsc); shipped: snapshot of dist/index.js; direct: ${r.contenders.direct}`,
    "",
    renderTable(rows),
    "",
  ];
  const busiest = Math.max(machine.loadavgAtStart[0] ?? 0, machine.loadavgAtEnd[0] ?? 0);
  if (busiest > machine.cpus) {
    out.push(
      `note: the machine was busy (1-min load ${fmt(busiest)} on ${machine.cpus} CPUs) while this ran; timings are noisy, so compare ratios and runs, not single numbers.`,
      "",
    );
  }
  out.push(...details(r), "", `results: ${relative(root, resultsPath)} (run took ${fmt(r.durationSec, 0)} s)`);
  return out.join("\n");
}
