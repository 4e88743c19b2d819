// @ts-check
// Command line, run sizes and targets of `npm run bench`.

export const USAGE = `npm run bench [-- --quick] [-- --no-build]
  --quick     fewer rounds and calls (a smoke run)
  --no-build  use dist/ and build/unbundled/ as they are
Results: table on stdout, JSON in .bench/results.json; progress on stderr.
`;

/**
 * @param {readonly string[]} argv
 * @returns {{ help: true } | { help: false, quick: boolean, build: boolean }}
 */
export function parseArgs(argv) {
  for (const arg of argv) {
    if (!["--quick", "--no-build", "--help"].includes(arg))
      throw new Error(`unknown option ${arg}; use --quick, --no-build or --help`);
  }
  if (argv.includes("--help")) return { help: true };
  return { help: false, quick: argv.includes("--quick"), build: !argv.includes("--no-build") };
}

/** @param {boolean} quick */
export function settingsFor(quick) {
  return quick
    ? {
        startupRounds: 5,
        phaseRounds: 2,
        warmupCalls: 50,
        latencyCalls: 100,
        inFlight: 64,
        throughputCalls: 500,
        throughputRounds: 1,
        rssCalls: 2_000,
        flatCalls: 6_000,
        flatEvery: 500,
        httpInFlight: 32,
        httpWarmupMs: 500,
        httpRoundMs: 500,
        httpRounds: 1,
        // Too few calls to tell a leak from warm-up: the soak's slope is shown, not judged.
        soakCalls: 5_000,
        soakEvery: 500,
        soakJudged: false,
        watchdogMinutes: 5,
      }
    : {
        startupRounds: 20,
        phaseRounds: 5,
        warmupCalls: 200,
        latencyCalls: 500,
        inFlight: 64,
        throughputCalls: 2_000,
        throughputRounds: 5,
        rssCalls: 2_000,
        flatCalls: 20_000,
        flatEvery: 1_000,
        httpInFlight: 32,
        httpWarmupMs: 1_500,
        httpRoundMs: 2_000,
        httpRounds: 5,
        soakCalls: 50_000,
        soakEvery: 2_500,
        soakJudged: true,
        watchdogMinutes: 18,
      };
}
/** @typedef {ReturnType<typeof settingsFor>} Settings */

/** What the shipped bin must meet; every reference is measured in the same run. */
export const targets = {
  /** ready (spawn → tools/list answered, 2025-era) ≤ this × the reference server's */
  readyVsReference: 0.5,
  /** ready ≤ this × the minimal bundled SDK-v2 server's */
  readyVsMinimal: 1.25,
  /** idle RSS after tools/list ≤ the minimal server's + this */
  idleRssOverMinimalMiB: 4,
  /** get_webhook p50 ≤ one direct node:http request's p50 + this */
  overheadMs: 0.5,
  /** get_webhook calls/s at 64 in flight ≥ this × direct */
  throughputRatio: 0.9,
  /** VmHWM of one process over flatCalls get_webhook calls at 64 in flight (the sustained load), V8 defaults */
  peakRssMiB: 110,
  /** |least-squares slope| of VmRSS over the second half of flatCalls calls */
  flatSlopeMiBPer10k: 2,
  /** stateless HTTP get_webhook calls/s at httpInFlight through the bin's --http server ≥ this × a bare node:http JSON server's */
  httpVsFloor: 0.5,
  /** least-squares slope of the --http bin's VmRSS over the second half of soakCalls calls (full run only) */
  soakSlopeMiBPer10k: 2,
  packedKB: 300,
  runtimeDeps: 0,
};
