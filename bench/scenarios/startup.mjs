// @ts-check
// Start-up: spawn → ready (the first tools/list answered), for every contender, alternating
// round-robin, each run a fresh process that is killed once measured.
//   legacy  a 2025-era client: initialize, notifications/initialized, tools/list (the headline);
//           VmRSS/VmHWM are read once tools/list is answered (idle RSS)
//   modern  a 2026-07-28 client: server/discover, then tools/list, both with the `_meta` envelope
// Then a few diagnostic rounds with `node --import bench/boot-mark.mjs` that split the legacy way
// to ready into phases (the preload costs a little, so they are not the headline).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root, serverEnv } from "../harness/processes.mjs";
import { RpcChild } from "../harness/rpc-child.mjs";
import { median, medianOrNull, rotate } from "../harness/stats.mjs";

/** @typedef {import("../harness/contenders.mjs").Contender} Contender */
/** @typedef {import("../harness/contenders.mjs").ServerKind} ServerKind */
/** @typedef {"legacy" | "modern"} Era */

const bootMark = pathToFileURL(join(root, "bench", "boot-mark.mjs")).href;

/**
 * One fresh process: opens it in `era`, lists its tools, reads its memory, kills it.
 * @param {Contender} contender @param {Era} era @param {string} baseUrl @param {string[]} [nodeArgs]
 */
async function readyOnce(contender, era, baseUrl, nodeArgs = []) {
  const server = new RpcChild(contender.label, contender.command, serverEnv(baseUrl), nodeArgs);
  try {
    if (era === "modern") await server.discover();
    else await server.initialize();
    const tools = await server.listTools(era);
    const listedAt = performance.now();
    const memory = server.memory();
    return {
      openMs: server.openedAt - server.spawnedAt,
      readyMs: listedAt - server.spawnedAt,
      tools,
      memory,
      marks: { spawned: server.spawnedAt, opened: server.openedAt, listed: listedAt, ...server.marks },
    };
  } finally {
    await server.kill();
  }
}

/**
 * @param {readonly Contender[]} contenders
 * @param {string} baseUrl the fake v0's (the servers are not called here, only configured)
 * @param {import("../config.mjs").Settings} settings
 */
export async function measureStartup(contenders, baseUrl, settings) {
  /** @typedef {{ openMs: number[], readyMs: number[], rssMiB: number[], hwmMiB: number[], tools: number }} Series */
  /** @type {Map<string, Series>} keyed by `${kind}/${era}` */
  const series = new Map();
  /** @type {{ contender: Contender, era: Era }[]} */
  const trials = [];
  for (const contender of contenders) {
    for (const era of /** @type {Era[]} */ (contender.modern ? ["legacy", "modern"] : ["legacy"])) {
      trials.push({ contender, era });
      series.set(`${contender.kind}/${era}`, { openMs: [], readyMs: [], rssMiB: [], hwmMiB: [], tools: 0 });
    }
  }
  for (let r = 0; r < settings.startupRounds; r++) {
    for (const { contender, era } of rotate(trials, r)) {
      const once = await readyOnce(contender, era, baseUrl);
      const s = /** @type {Series} */ (series.get(`${contender.kind}/${era}`));
      s.openMs.push(once.openMs);
      s.readyMs.push(once.readyMs);
      s.tools = once.tools;
      if (once.memory.vmRssMiB !== null) s.rssMiB.push(once.memory.vmRssMiB);
      if (once.memory.vmHwmMiB !== null) s.hwmMiB.push(once.memory.vmHwmMiB);
    }
  }

  // Diagnostic rounds, legacy only:
  //   boot        spawn → first user-land code (Node itself; the --import mark)
  //   entry       → the server's "ready" log line on stderr (modules loaded, server wired)
  //   initialize  → the initialize answer (from the boot mark when there is no "ready" line)
  //   toolsList   → the tools/list answer
  /** @typedef {{ boot: number[], entry: number[], initialize: number[], toolsList: number[], total: number[] }} Phases */
  /** @type {Map<ServerKind, Phases>} */
  const phases = new Map(
    contenders.map((c) => [c.kind, { boot: [], entry: [], initialize: [], toolsList: [], total: [] }]),
  );
  for (let r = 0; r < settings.phaseRounds; r++) {
    for (const contender of rotate(contenders, r)) {
      const { marks } = await readyOnce(contender, "legacy", baseUrl, ["--import", bootMark]);
      const p = /** @type {Phases} */ (phases.get(contender.kind));
      p.total.push(marks.listed - marks.spawned);
      p.toolsList.push(marks.listed - marks.opened);
      if (marks.boot === undefined) continue;
      p.boot.push(marks.boot - marks.spawned);
      if (marks.ready !== undefined && marks.ready <= marks.opened) {
        p.entry.push(marks.ready - marks.boot);
        p.initialize.push(marks.opened - marks.ready);
      } else {
        p.initialize.push(marks.opened - marks.boot);
      }
    }
  }

  /** @param {Series | undefined} s */
  const summarize = (s) =>
    s && {
      openMs: median(s.openMs),
      readyMs: median(s.readyMs),
      readySamplesMs: s.readyMs,
      tools: s.tools,
      rssMiB: medianOrNull(s.rssMiB),
      hwmMiB: medianOrNull(s.hwmMiB),
    };
  /** @param {ServerKind} kind */
  const summaryOf = (kind) => {
    const p = /** @type {Phases} */ (phases.get(kind));
    return {
      legacy: /** @type {NonNullable<ReturnType<typeof summarize>>} */ (summarize(series.get(`${kind}/legacy`))),
      modern: summarize(series.get(`${kind}/modern`)) ?? null,
      phasesMs: {
        rounds: settings.phaseRounds,
        boot: medianOrNull(p.boot),
        entry: medianOrNull(p.entry),
        initialize: medianOrNull(p.initialize),
        toolsList: medianOrNull(p.toolsList),
        total: medianOrNull(p.total),
      },
    };
  };
  return /** @type {Record<ServerKind, ReturnType<typeof summaryOf>>} */ (
    Object.fromEntries(contenders.map((c) => [c.kind, summaryOf(c.kind)]))
  );
}
/** @typedef {Awaited<ReturnType<typeof measureStartup>>} Startup */
