// @ts-check
// The bench's table: one row per measurement. Targets apply to the shipped bin; every reference a
// target names was measured in the same run. Rows without a target are there to compare with.
import { targets } from "../config.mjs";
import { fmt, ratioOf } from "../harness/stats.mjs";
import { httpRows } from "./http-rows.mjs";

/**
 * `pass` is null for rows without a target (information), a measurement that could not be taken, or
 * a target this run does not judge (`judged: false`: a --quick run too small for it).
 * @typedef {{ metric: string, value: string, reference: string, ratio: string, target: string, pass: boolean | null, judged?: boolean }} Row
 */
/** @typedef {import("./results.mjs").Results} Results */

/** @param {number} ms */
const ms1 = (ms) => `${fmt(ms, 1)} ms`;
/** @param {number | null} mib */
const mib = (mib) => `${fmt(mib, 1)} MiB`;
/** @param {number} ratio */
const times = (ratio) => `${fmt(ratio)}×`;

/** @param {Results} r @returns {Row[]} */
export function tableRows(r) {
  const { startup: s, latencyMs, throughput, memory, pack, settings } = r;
  /** @type {Row[]} */
  const rows = [];
  /** @param {Omit<Row, "pass" | "reference" | "ratio" | "target"> & Partial<Row>} row */
  const add = (row) => rows.push({ reference: "—", ratio: "—", target: "—", pass: null, ...row });

  // Start-up, 2025-era client: spawn → initialize → notifications/initialized → tools/list answered.
  const floor = s.floor.legacy.readyMs;
  const reference = s.reference.legacy.readyMs;
  const minimal = s.minimal.legacy.readyMs;
  const shipped = s.shipped.legacy.readyMs;
  const ready = "ready (spawn → tools/list, 2025-era)";
  add({ metric: `${ready}, floor (bare Node)`, value: ms1(floor) });
  for (const kind of /** @type {const} */ (["reference", "minimal", "minimalNoAjv", "baseline"])) {
    const value = s[kind].legacy.readyMs;
    add({
      metric: `${ready}, ${r.contenders.labels[kind]}`,
      value: ms1(value),
      reference: `${ms1(floor)} floor`,
      ratio: times(ratioOf(value, floor)),
    });
  }
  const vsReference = ratioOf(shipped, reference);
  add({
    metric: `${ready}, shipped vs reference`,
    value: ms1(shipped),
    reference: `${ms1(reference)} reference`,
    ratio: times(vsReference),
    target: `≤ ${targets.readyVsReference}×`,
    pass: vsReference <= targets.readyVsReference,
  });
  const vsMinimal = ratioOf(shipped, minimal);
  add({
    metric: `${ready}, shipped vs minimal SDK v2`,
    value: ms1(shipped),
    reference: `${ms1(minimal)} minimal`,
    ratio: times(vsMinimal),
    target: `≤ ${targets.readyVsMinimal}×`,
    pass: vsMinimal <= targets.readyVsMinimal,
  });
  add({
    metric: `${ready}, shipped vs minimal SDK v2 without ajv`,
    value: ms1(shipped),
    reference: `${ms1(s.minimalNoAjv.legacy.readyMs)} minimal, no ajv`,
    ratio: times(ratioOf(shipped, s.minimalNoAjv.legacy.readyMs)),
  });
  // Start-up, 2026-07-28 client: server/discover → tools/list, no handshake.
  const modernMinimal = s.minimal.modern?.readyMs ?? Number.NaN;
  for (const kind of /** @type {const} */ (["minimal", "shipped"])) {
    const value = s[kind].modern?.readyMs ?? Number.NaN;
    add({
      metric: `ready (spawn → server/discover → tools/list, 2026-07-28), ${kind}`,
      value: ms1(value),
      reference:
        kind === "shipped" ? `${ms1(modernMinimal)} minimal` : `${ms1(s.floor.modern?.readyMs ?? Number.NaN)} floor`,
      ratio: times(ratioOf(value, kind === "shipped" ? modernMinimal : (s.floor.modern?.readyMs ?? Number.NaN))),
    });
  }

  // Idle memory once tools/list is answered.
  const minimalRss = s.minimal.legacy.rssMiB ?? Number.NaN;
  for (const kind of /** @type {const} */ (["floor", "reference", "minimal", "minimalNoAjv", "baseline"])) {
    add({ metric: `idle RSS after tools/list, ${r.contenders.labels[kind]}`, value: mib(s[kind].legacy.rssMiB) });
  }
  const shippedRss = s.shipped.legacy.rssMiB;
  add({
    metric: "idle RSS after tools/list, shipped",
    value: mib(shippedRss),
    reference: `${mib(minimalRss)} minimal`,
    ratio: `${shippedRss === null ? "n/a" : `${shippedRss - minimalRss >= 0 ? "+" : ""}${fmt(shippedRss - minimalRss, 1)}`} MiB`,
    target: `≤ minimal + ${targets.idleRssOverMinimalMiB} MiB`,
    pass: shippedRss === null ? null : shippedRss <= minimalRss + targets.idleRssOverMinimalMiB,
  });

  // Per call, against the fake v0.
  for (const tool of /** @type {const} */ (["get_webhook", "create_webhook"])) {
    const stats = latencyMs[tool];
    for (const kind of /** @type {const} */ (["baseline", "shipped"])) {
      const overhead = stats[kind].p50 - stats.directHttp.p50;
      const judged = kind === "shipped" && tool === "get_webhook";
      add({
        metric: `${tool} p50 overhead, ${kind}`,
        value: `${fmt(overhead, 3)} ms`,
        reference: `${fmt(stats.directHttp.p50, 3)} ms direct`,
        ratio: times(ratioOf(stats[kind].p50, stats.directHttp.p50)),
        target: judged ? `≤ ${targets.overheadMs} ms` : "—",
        pass: judged ? overhead <= targets.overheadMs : null,
      });
    }
  }
  add({
    metric: "ping p50 round trip, floor (bare Node, no HTTP)",
    value: `${fmt(latencyMs.get_webhook.floorPing.p50, 3)} ms`,
  });
  add({
    metric: "echo tool p50 round trip, minimal SDK v2 (no HTTP)",
    value: `${fmt(latencyMs.get_webhook.minimalEcho.p50, 3)} ms`,
    reference: `${fmt(latencyMs.get_webhook.floorPing.p50, 3)} ms floor ping`,
    ratio: `+${fmt(latencyMs.get_webhook.minimalEcho.p50 - latencyMs.get_webhook.floorPing.p50, 3)} ms`,
  });
  const direct = throughput.byRunner.directHttp.callsPerSec;
  for (const [kind, label] of /** @type {const} */ ([
    ["directFetch", "direct fetch"],
    ["baseline", "baseline"],
    ["shipped", "shipped"],
  ])) {
    const ratio = ratioOf(throughput.byRunner[kind].callsPerSec, direct);
    add({
      metric: `get_webhook throughput, ${settings.inFlight} in flight, ${label}`,
      value: `${fmt(throughput.byRunner[kind].callsPerSec, 0)}/s`,
      reference: `${fmt(direct, 0)}/s direct`,
      ratio: times(ratio),
      target: kind === "shipped" ? `≥ ${targets.throughputRatio}×` : "—",
      pass: kind === "shipped" ? ratio >= targets.throughputRatio : null,
    });
  }
  add({
    metric: `ping throughput, ${settings.inFlight} in flight, floor (bare Node, no HTTP)`,
    value: `${fmt(throughput.byRunner.floorPing.callsPerSec, 0)}/s`,
  });
  add({
    metric: `echo tool throughput, ${settings.inFlight} in flight, minimal SDK v2 (no HTTP)`,
    value: `${fmt(throughput.byRunner.minimalEcho.callsPerSec, 0)}/s`,
  });

  // Memory under load, V8 defaults.
  const { httpFloor, baseline: basePeak, shipped: shipPeak } = memory.peak;
  add({
    metric: `peak RSS after ${httpFloor.calls} requests, bare Node node:http client`,
    value: mib(httpFloor.vmHwmMiB),
  });
  add({ metric: `peak RSS after ${basePeak.calls} calls, baseline`, value: mib(basePeak.vmHwmMiB) });
  add({
    metric: `peak RSS after ${shipPeak.calls} calls, ${settings.inFlight} in flight, shipped`,
    value: mib(shipPeak.vmHwmMiB),
    reference: `${mib(httpFloor.vmHwmMiB)} node:http client`,
    ratio: times(ratioOf(shipPeak.vmHwmMiB ?? Number.NaN, httpFloor.vmHwmMiB ?? Number.NaN)),
  });
  const sustained = memory.flatness.hwmMiB;
  add({
    metric: `peak RSS over ${memory.peak.minimalEcho.calls} echo calls, ${settings.inFlight} in flight, minimal SDK v2 (no HTTP)`,
    value: mib(memory.peak.minimalEcho.vmHwmMiB),
  });
  add({
    metric: `peak RSS over ${memory.flatness.calls} calls, ${settings.inFlight} in flight, shipped`,
    value: mib(sustained),
    reference: `${mib(httpFloor.vmHwmMiB)} node:http client`,
    ratio: times(ratioOf(sustained ?? Number.NaN, httpFloor.vmHwmMiB ?? Number.NaN)),
    target: `≤ ${targets.peakRssMiB} MiB`,
    pass: sustained === null ? null : sustained <= targets.peakRssMiB,
  });
  const small = memory.sustained.shippedSemiSpace4;
  add({
    metric: `peak RSS over ${small.calls} calls, ${settings.inFlight} in flight, shipped, ${small.nodeArgs.join(" ")}`,
    value: mib(small.vmHwmMiB),
  });
  add({
    metric: `RSS slope, 2nd half of ${memory.flatness.calls} calls, shipped`,
    value: `${fmt(memory.flatness.slopeMiBPer10k)} MiB/10k`,
    reference: `Theil–Sen ${fmt(memory.flatness.theilSenSlopeMiBPer10k)}`,
    target: `|s| < ${targets.flatSlopeMiBPer10k} MiB/10k`,
    pass: memory.flatness.flat,
  });

  // Stateless HTTP: the --http bin against a bare node:http JSON server; the soak.
  rows.push(...httpRows(r));

  // Package.
  add({
    metric: "runtime dependencies",
    value: String(pack.runtimeDeps),
    target: String(targets.runtimeDeps),
    pass: pack.runtimeDeps <= targets.runtimeDeps,
  });
  add({
    metric: `packed tarball (${pack.files} files)`,
    value: `${fmt(pack.packedKB, 1)} KB`,
    target: `≤ ${targets.packedKB} KB`,
    pass: pack.packedKB <= targets.packedKB,
  });
  return rows;
}
