// @ts-check
// The table's rows for stateless HTTP: throughput and latency of the shipped bin's `--http` server
// against a bare node:http JSON server measured in the same run, and the soak's RSS slope.
import { targets } from "../config.mjs";
import { fmt, ratioOf } from "../harness/stats.mjs";

/** @typedef {import("./rows.mjs").Row} Row */

/** @param {import("./results.mjs").Results} r @returns {Row[]} */
export function httpRows(r) {
  const { http, soak } = r;
  const { floor, shipped } = http.byServer;
  const n = http.inFlight;
  /** @param {{ p50Ms: number, p99Ms: number }} v */
  const p50p99 = (v) => `${fmt(v.p50Ms, 2)} / ${fmt(v.p99Ms, 2)} ms`;
  const ratio = ratioOf(shipped.callsPerSec, floor.callsPerSec);
  /** @type {Row[]} */
  const rows = [
    {
      metric: `HTTP POST throughput, ${n} in flight, bare node:http JSON floor`,
      value: `${fmt(floor.callsPerSec, 0)}/s`,
      reference: "—",
      ratio: "—",
      target: "—",
      pass: null,
    },
    {
      metric: `HTTP tools/call get_webhook throughput (stateless, ${http.protocol}), ${n} in flight, shipped --http`,
      value: `${fmt(shipped.callsPerSec, 0)}/s`,
      reference: `${fmt(floor.callsPerSec, 0)}/s floor`,
      ratio: `${fmt(ratio)}×`,
      target: `≥ ${targets.httpVsFloor}×`,
      pass: Number.isFinite(ratio) ? ratio >= targets.httpVsFloor : null,
    },
    {
      metric: `HTTP latency p50 / p99, ${n} in flight, bare node:http JSON floor`,
      value: p50p99(floor),
      reference: "—",
      ratio: "—",
      target: "—",
      pass: null,
    },
    {
      metric: `HTTP latency p50 / p99, ${n} in flight, shipped --http`,
      value: p50p99(shipped),
      reference: `${p50p99(floor)} floor`,
      ratio: `${fmt(ratioOf(shipped.p50Ms, floor.p50Ms), 1)}× / ${fmt(ratioOf(shipped.p99Ms, floor.p99Ms), 1)}×`,
      target: "—",
      pass: null,
    },
    {
      metric: `peak RSS over ${soak.calls} HTTP calls (soak), ${soak.inFlight} in flight, shipped --http`,
      value: `${fmt(soak.hwmMiB, 1)} MiB`,
      reference: `${fmt(soak.samples[0]?.vmRssMiB, 1)} → ${fmt(soak.samples.at(-1)?.vmRssMiB, 1)} MiB RSS`,
      ratio: "—",
      target: "—",
      pass: null,
    },
    {
      metric: `RSS slope, 2nd half of ${soak.calls} HTTP calls (soak), shipped --http`,
      value: `${fmt(soak.slopeMiBPer10k)} MiB/10k`,
      reference: `Theil–Sen ${fmt(soak.theilSenSlopeMiBPer10k)}`,
      ratio: "—",
      target: `< ${targets.soakSlopeMiBPer10k} MiB/10k${soak.judged ? "" : " (full run)"}`,
      pass: soak.pass,
      judged: soak.judged,
    },
  ];
  return rows;
}
