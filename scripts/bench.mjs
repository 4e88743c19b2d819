// @ts-check
// `npm run bench [-- --quick] [-- --no-build]`: measures the shipped bin (dist/index.js) against the
// same server as plain tsc output (the "baseline") and a bare-Node floor, and reports medians and
// ratios. It asserts nothing and is not part of `npm test`: it measures, prints a table on stdout and
// writes every number to .bench/results.json. Progress goes to stderr.
//
// Everything runs on 127.0.0.1: a fake v0 API (bench/fake-v0.mjs, its own process), the servers
// under test, and this process as the MCP client (raw newline-delimited JSON-RPC, no SDK) and as
// the "direct" HTTP client. Contenders alternate round-robin within each round, so a noisy
// neighbour hurts them alike.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** @typedef {import("../bench/fake-v0.mjs").FakeReady} FakeReady */
/** @typedef {import("../bench/floor-server.mjs").FloorInitializeResult} FloorInitializeResult */
/** @typedef {import("../bench/fetch-floor.mjs").FetchFloorResult} FetchFloorResult */
/** @typedef {Record<string, unknown>} RpcMessage */
/** @typedef {"floor" | "baseline" | "shipped"} ServerKind */
/** @typedef {"direct" | "baseline" | "shipped"} CallKind */
/** @typedef {{ kind: ServerKind, label: string, script: string }} Contender */
/** @typedef {{ vmRssMiB: number | null, vmHwmMiB: number | null }} Memory */
/**
 * One line of the table. `pass` is null for rows without a target (reference or information).
 * @typedef {{ metric: string, value: string, reference: string, ratio: string, target: string, pass: boolean | null }} Row
 */

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = join(root, ".bench");
const resultsPath = join(outDir, "results.json");
const floorScript = join(root, "bench", "floor-server.mjs");
const fakeScript = join(root, "bench", "fake-v0.mjs");
const fetchFloorScript = join(root, "bench", "fetch-floor.mjs");
const bootMark = pathToFileURL(join(root, "bench", "boot-mark.mjs")).href;
/** @type {import("../bench/boot-mark.mjs").BootMarkPrefix} */
const BOOT_PREFIX = "bench:boot";

const API_KEY = "bench-key-0123456789";
const PROTOCOL_VERSION = "2025-06-18";
const INITIALIZE_PARAMS = {
  protocolVersion: PROTOCOL_VERSION,
  capabilities: {},
  clientInfo: { name: "v0-webhooks-mcp-bench", version: "1" },
};

const argv = process.argv.slice(2);
for (const arg of argv) {
  if (!["--quick", "--no-build", "--help"].includes(arg)) {
    process.stderr.write(`bench: unknown option ${arg}; use --quick, --no-build or --help\n`);
    process.exit(2);
  }
}
if (argv.includes("--help")) {
  process.stdout.write(
    "npm run bench [-- --quick] [-- --no-build]\n  --quick     fewer rounds and calls (a smoke run)\n  --no-build  use dist/ and the baseline as they are\nResults: table on stdout, JSON in .bench/results.json\n",
  );
  process.exit(0);
}
const quick = argv.includes("--quick");
const build = !argv.includes("--no-build");

const settings = quick
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
      flatEvery: 1_000,
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
      flatEvery: 2_000,
    };

/** V8's defaults for what src/heap-limits.ts tunes; passed explicitly, they make the server leave the heap alone. */
const V8_DEFAULT_HEAP_FLAGS = ["--semi-space-growth-factor=2", "--heap-growing-percent=0"];

const targets = {
  startupRatio: 2.0,
  overheadMs: 0.3,
  throughputRatio: 0.95,
  peakRssMiB: 80,
  flatSlopeMiBPer10k: 2,
  packedKB: 300,
  runtimeDeps: 0,
};

/** Every child process this bench started, so none outlives it. */
/** @type {Set<import("node:child_process").ChildProcess>} */
const children = new Set();
function killAll() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  children.clear();
}
process.on("exit", killAll);
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** @param {string} message */
const progress = (message) => process.stderr.write(`bench: ${message}\n`);

// ---------------------------------------------------------------------------------------------
// Statistics

/** @param {readonly number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const lower = sorted[low] ?? Number.NaN;
  const upper = sorted[Math.ceil(position)] ?? Number.NaN;
  return lower + (upper - lower) * (position - low);
}

/** @param {readonly number[]} values */
const median = (values) => quantile(values, 0.5);

/** Least-squares slope of y over x. @param {readonly {x: number, y: number}[]} points */
function slope(points) {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - meanX) * (p.y - meanY);
    den += (p.x - meanX) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

/**
 * Theil–Sen slope (the median of the pairwise slopes): a cross-check on the least-squares one,
 * which a single GC spike in a handful of samples can swing.
 * @param {readonly {x: number, y: number}[]} points
 */
function medianSlope(points) {
  /** @type {number[]} */
  const slopes = [];
  points.forEach((p, i) => {
    for (const q of points.slice(i + 1)) if (q.x !== p.x) slopes.push((q.y - p.y) / (q.x - p.x));
  });
  return median(slopes);
}

/** @param {number} value @param {number} digits */
const round = (value, digits) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** Rotates `items` by `by`, so each contender takes each position in turn. @template T @param {readonly T[]} items @param {number} by */
const rotate = (items, by) => items.map((_, i) => /** @type {T} */ (items[(i + by) % items.length]));

// ---------------------------------------------------------------------------------------------
// Processes

/** VmRSS and VmHWM of a live process, in MiB (null off Linux or once it has exited). @param {number | undefined} pid @returns {Memory} */
function readMemory(pid) {
  /** @type {Memory} */
  const memory = { vmRssMiB: null, vmHwmMiB: null };
  if (pid === undefined) return memory;
  let status;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return memory;
  }
  const kB = (/** @type {string} */ field) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match?.[1] === undefined ? null : Number(match[1]) / 1024;
  };
  memory.vmRssMiB = kB("VmRSS");
  memory.vmHwmMiB = kB("VmHWM");
  return memory;
}

/** The environment a desktop MCP client would pass: PATH and the server's own variables. @param {string} baseUrl */
function serverEnv(baseUrl) {
  return { PATH: process.env.PATH ?? "", V0_API_KEY: API_KEY, V0_API_BASE_URL: baseUrl };
}

/**
 * A server under test spoken to in raw newline-delimited JSON-RPC over its stdio: one JSON.stringify
 * and one write per request, one JSON.parse per answer line, answers matched by id. Also notes when
 * marker lines first show up on stderr (the server's "ready" log, the --import boot mark).
 */
class RpcChild {
  /**
   * @param {string} label
   * @param {string} script
   * @param {Record<string, string>} env
   * @param {string[]} [nodeArgs]
   */
  constructor(label, script, env, nodeArgs = []) {
    this.label = label;
    /** @type {Map<number, { resolve: (message: RpcMessage) => void, reject: (error: Error) => void }>} */
    this.pending = new Map();
    this.nextId = 1;
    this.toolCalls = 0;
    this.stderrText = "";
    /** @type {{ boot?: number, ready?: number }} performance.now() when each marker arrived */
    this.marks = {};
    /** @type {string | undefined} */
    this.exitReason = undefined;
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, [...nodeArgs, script], { cwd: "/", env, stdio: ["pipe", "pipe", "pipe"] });
    children.add(this.child);

    let buffered = "";
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (/** @type {string} */ chunk) => {
      buffered += chunk;
      let start = 0;
      for (let end = buffered.indexOf("\n"); end !== -1; end = buffered.indexOf("\n", start)) {
        this.accept(buffered.slice(start, end));
        start = end + 1;
      }
      buffered = buffered.slice(start);
    });
    let stderrLine = "";
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (/** @type {string} */ chunk) => {
      const now = performance.now();
      if (this.stderrText.length < 64_000) this.stderrText += chunk;
      stderrLine += chunk;
      const lines = stderrLine.split("\n");
      stderrLine = lines.pop() ?? "";
      for (const line of lines) {
        if (this.marks.boot === undefined && line.startsWith(BOOT_PREFIX)) this.marks.boot = now;
        if (this.marks.ready === undefined && /\bready\b/.test(line)) this.marks.ready = now;
      }
    });
    this.child.stdin.on("error", () => {}); // EPIPE once it has exited: reported through `exited`
    this.exited = new Promise((resolve) => {
      /** @param {string} reason */
      const done = (reason) => {
        if (this.exitReason !== undefined) return;
        this.exitReason = reason;
        children.delete(this.child);
        const error = new Error(`${this.label} exited (${reason}); stderr:\n${this.stderrText.slice(-2000)}`);
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
        resolve(reason);
      };
      this.child.once("exit", (code, signal) => done(signal ?? `code ${code}`));
      this.child.once("error", (error) => done(error.message));
    });
  }

  get pid() {
    return this.child.pid;
  }

  /** @param {string} line */
  accept(line) {
    if (line === "") return;
    /** @type {RpcMessage} */
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      progress(`${this.label}: a stdout line that is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    if (typeof message.id !== "number" || "method" in message) return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    waiter.resolve(message);
  }

  /** @param {string} method @param {unknown} params @returns {Promise<RpcMessage>} */
  request(method, params) {
    if (this.exitReason !== undefined)
      return Promise.reject(new Error(`${this.label} has exited (${this.exitReason})`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  }

  /** @param {string} method @param {unknown} [params] */
  notify(method, params) {
    this.child.stdin.write(
      `${JSON.stringify(params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params })}\n`,
    );
  }

  /**
   * A request that must be answered within `timeoutMs` (for the few that are not timed per call).
   * @param {string} method @param {unknown} params @param {number} [timeoutMs]
   */
  async requestWithin(method, params, timeoutMs = 20_000) {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`${this.label}: no answer to ${method} in ${timeoutMs} ms; stderr:\n${this.stderrText}`)),
        timeoutMs,
      );
    });
    try {
      return /** @type {RpcMessage} */ (await Promise.race([this.request(method, params), timeout]));
    } finally {
      clearTimeout(timer);
    }
  }

  /** initialize, checked. */
  async initialize() {
    const answer = await this.requestWithin("initialize", INITIALIZE_PARAMS);
    const result = /** @type {Partial<FloorInitializeResult> | undefined} */ (answer.result);
    if (!result?.serverInfo)
      throw new Error(`${this.label}: bad initialize answer ${JSON.stringify(answer).slice(0, 300)}`);
    return answer;
  }

  /** tools/list, checked; returns the number of tools. */
  async listTools() {
    const answer = await this.requestWithin("tools/list", {});
    const tools = /** @type {{ tools?: unknown } | undefined} */ (answer.result)?.tools;
    if (!Array.isArray(tools))
      throw new Error(`${this.label}: bad tools/list answer ${JSON.stringify(answer).slice(0, 300)}`);
    return tools.length;
  }

  /** initialize + notifications/initialized, for a session that will call tools. */
  async open() {
    await this.initialize();
    this.notify("notifications/initialized");
    return this;
  }

  /** A tools/call that must succeed; returns its structuredContent. @param {string} name @param {Record<string, unknown>} args */
  async callTool(name, args) {
    this.toolCalls++;
    const answer = await this.request("tools/call", { name, arguments: args });
    const result =
      /** @type {{ isError?: boolean, structuredContent?: Record<string, unknown>, content?: { text?: string }[] } | undefined} */ (
        answer.result
      );
    if (!result || result.isError || !result.structuredContent) {
      throw new Error(
        `${this.label}: ${name} failed: ${JSON.stringify(answer.error ?? result?.content?.[0]?.text ?? answer).slice(0, 500)}`,
      );
    }
    return result.structuredContent;
  }

  memory() {
    return readMemory(this.pid);
  }

  kill() {
    if (this.exitReason === undefined) this.child.kill("SIGKILL");
    return this.exited;
  }

  /** Closes stdin (the client going away) and waits; SIGKILL after `graceMs`. */
  async close(graceMs = 3_000) {
    if (this.exitReason !== undefined) return this.exited;
    this.child.stdin.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Starts bench/fake-v0.mjs and waits for its FakeReady line. */
async function startFake() {
  const child = spawn(process.execPath, [fakeScript], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", BENCH_V0_KEY: API_KEY },
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.add(child);
  child.stdin.on("error", () => {});
  /** @type {FakeReady} */
  const ready = await new Promise((resolve, reject) => {
    let text = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (/** @type {string} */ chunk) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end !== -1) resolve(JSON.parse(text.slice(0, end)));
    });
    child.once("exit", (code) => reject(new Error(`fake v0 exited (code ${code}) before it listened`)));
  });
  return {
    ...ready,
    stop() {
      child.stdin.end();
      child.kill("SIGTERM");
      children.delete(child);
    },
  };
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} what
 */
function run(command, args, what) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    throw new Error(
      `${what} failed (${command} ${args.join(" ")}: ${result.error?.message ?? `exit ${result.status}`})`,
    );
  }
  return { ms: performance.now() - started, stdout: result.stdout };
}

/** `node <bin> --version`; if tsc output cannot find ../package.json, put one there and try again. @param {string} bin */
function preflight(bin) {
  const version = () =>
    spawnSync(process.execPath, [bin, "--version"], { cwd: "/", encoding: "utf8", timeout: 20_000 });
  let result = version();
  if (result.status !== 0 && /Cannot find module '\.\.\/package\.json'/.test(result.stderr)) {
    const target = join(dirname(dirname(bin)), "package.json");
    progress(`${relative(root, bin)} needs ../package.json: copying package.json to ${relative(root, target)}`);
    copyFileSync(join(root, "package.json"), target);
    result = version();
  }
  if (result.status !== 0) throw new Error(`${bin} --version failed: ${result.stderr || result.error?.message}`);
  return result.stdout.trim();
}

/**
 * Copies a build's output directory into .bench/<name>/, beside a copy of package.json, and returns
 * the snapshot's index.js. Another process may rebuild dist/ or build/ while the bench runs (the
 * test suite's global setup does); the snapshot holds the same bytes and cannot change under it.
 * .bench/ is inside the project, so tsc output still resolves node_modules.
 * @param {string} dir @param {string} name
 */
function snapshot(dir, name) {
  const target = join(outDir, name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const leaf = join(target, basename(dir));
  cpSync(dir, leaf, { recursive: true });
  copyFileSync(join(root, "package.json"), join(target, "package.json"));
  return join(leaf, "index.js");
}

/**
 * Builds the shipped bin (`npm run build`) and the unbundled baseline (`npm run build:unbundled`,
 * or tsc into .bench/ while that script does not exist), then snapshots both.
 */
function buildContenders() {
  /** @type {{ scripts?: Record<string, string> }} */
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const hasUnbundled = typeof pkg.scripts?.["build:unbundled"] === "string";
  const unbundledDir = hasUnbundled ? join(root, "build", "unbundled") : join(outDir, "tsc-out", "unbundled");
  /** @type {{ shipped: number | null, baseline: number | null }} */
  const buildMs = { shipped: null, baseline: null };
  if (build) {
    progress("npm run build");
    buildMs.shipped = run("npm", ["run", "build"], "npm run build").ms;
    if (hasUnbundled) {
      progress("npm run build:unbundled");
      buildMs.baseline = run("npm", ["run", "build:unbundled"], "npm run build:unbundled").ms;
    } else {
      progress(`no build:unbundled script: tsc -p tsconfig.build.json --outDir ${relative(root, unbundledDir)}`);
      rmSync(unbundledDir, { recursive: true, force: true });
      buildMs.baseline = run("npx", ["tsc", "-p", "tsconfig.build.json", "--outDir", unbundledDir], "baseline tsc").ms;
    }
  }
  for (const dir of [join(root, "dist"), unbundledDir]) {
    if (!existsSync(join(dir, "index.js")))
      throw new Error(`${relative(root, dir)}/index.js is missing: run without --no-build`);
  }
  return {
    shippedBin: snapshot(join(root, "dist"), "shipped"),
    baselineBin: snapshot(unbundledDir, "baseline"),
    how: hasUnbundled ? "npm run build:unbundled" : "tsc -p tsconfig.build.json (the bench's own)",
    from: relative(root, unbundledDir),
    buildMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Phases

/**
 * 1. spawn → initialize answer (the headline), and → the first tools/list answer (sent, like a
 * client, after initialize is answered): a server that answers initialize before it has loaded
 * shows the rest of its loading there. Round-robin; VmRSS/VmHWM once tools/list is answered.
 * @param {Contender[]} contenders
 * @param {string} baseUrl
 */
async function measureStartup(contenders, baseUrl) {
  /** @typedef {{ initialize: number[], toolsList: number[], rssMiB: number[], hwmMiB: number[] }} Series */
  /** @returns {Series} */
  const empty = () => ({ initialize: [], toolsList: [], rssMiB: [], hwmMiB: [] });
  /** @type {Record<ServerKind, Series>} */
  const series = { floor: empty(), baseline: empty(), shipped: empty() };
  /** @type {Record<ServerKind, number>} */
  const toolCount = { floor: 0, baseline: 0, shipped: 0 };
  for (let r = 0; r < settings.startupRounds; r++) {
    for (const contender of rotate(contenders, r)) {
      const server = new RpcChild(contender.label, contender.script, serverEnv(baseUrl));
      await server.initialize();
      const initializedAt = performance.now();
      server.notify("notifications/initialized");
      toolCount[contender.kind] = await server.listTools();
      const listedAt = performance.now();
      const memory = server.memory();
      await server.kill();
      const s = series[contender.kind];
      s.initialize.push(initializedAt - server.spawnedAt);
      s.toolsList.push(listedAt - server.spawnedAt);
      if (memory.vmRssMiB !== null) s.rssMiB.push(memory.vmRssMiB);
      if (memory.vmHwmMiB !== null) s.hwmMiB.push(memory.vmHwmMiB);
    }
  }

  // Diagnostic rounds (not in the headline; the preload costs a little): with
  // `--import bench/boot-mark.mjs`, split the way to tools/list into
  //   boot        spawn → first user-land code (Node itself)
  //   entry       → the server's "ready" log line (entry modules loaded, config read, stdin open)
  //   initialize  → the initialize answer
  //   toolsList   → the tools/list answer (whatever loading was deferred past initialize)
  // The floor logs no "ready": its entry + initialize are one number, under initialize.
  /** @typedef {{ boot: number[], entry: number[], initialize: number[], toolsList: number[], total: number[] }} Phases */
  /** @returns {Phases} */
  const noPhases = () => ({ boot: [], entry: [], initialize: [], toolsList: [], total: [] });
  /** @type {Record<ServerKind, Phases>} */
  const phases = { floor: noPhases(), baseline: noPhases(), shipped: noPhases() };
  for (let r = 0; r < settings.phaseRounds; r++) {
    for (const contender of rotate(contenders, r)) {
      const server = new RpcChild(contender.label, contender.script, serverEnv(baseUrl), ["--import", bootMark]);
      await server.initialize();
      const initializedAt = performance.now();
      server.notify("notifications/initialized");
      await server.listTools();
      const listedAt = performance.now();
      await server.kill();
      const { boot, ready } = server.marks;
      const p = phases[contender.kind];
      p.total.push(listedAt - server.spawnedAt);
      p.toolsList.push(listedAt - initializedAt);
      if (boot === undefined) continue;
      p.boot.push(boot - server.spawnedAt);
      if (ready !== undefined && ready <= initializedAt) {
        p.entry.push(ready - boot);
        p.initialize.push(initializedAt - ready);
      } else {
        p.initialize.push(initializedAt - boot);
      }
    }
  }

  /** @param {number[]} values */
  const med = (values) => (values.length ? median(values) : null);
  /** @param {ServerKind} kind */
  const summarize = (kind) => ({
    initializeMs: median(series[kind].initialize),
    toolsListMs: median(series[kind].toolsList),
    tools: toolCount[kind],
    samples: { initializeMs: series[kind].initialize, toolsListMs: series[kind].toolsList },
    rssAfterToolsListMiB: med(series[kind].rssMiB),
    hwmAfterToolsListMiB: med(series[kind].hwmMiB),
    phasesMs: {
      rounds: settings.phaseRounds,
      boot: med(phases[kind].boot),
      entry: med(phases[kind].entry),
      initialize: med(phases[kind].initialize),
      toolsList: med(phases[kind].toolsList),
      total: med(phases[kind].total),
    },
  });
  return { floor: summarize("floor"), baseline: summarize("baseline"), shipped: summarize("shipped") };
}

/**
 * The direct contender: this process's own fetch of the same endpoints, body read and parsed.
 * @param {string} baseUrl
 */
function directClient(baseUrl) {
  const headers = { Authorization: `Bearer ${API_KEY}`, Accept: "application/json" };
  const postHeaders = { ...headers, "Content-Type": "application/json" };
  /** @param {string} url @param {RequestInit} init */
  const exchange = async (url, init) => {
    const response = await fetch(url, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`direct ${init.method} ${url}: ${response.status} ${text}`);
    return JSON.parse(text);
  };
  return {
    /** @param {string} id */
    get: (id) => exchange(`${baseUrl}/hooks/${encodeURIComponent(id)}`, { method: "GET", headers }),
    /** GET /hooks (the dedupe lookup), then POST /hooks, like create_webhook. @param {Record<string, unknown>} body */
    async create(body) {
      await exchange(`${baseUrl}/hooks`, { method: "GET", headers });
      return exchange(`${baseUrl}/hooks`, {
        method: "POST",
        headers: postHeaders,
        body: JSON.stringify({ ...body, chatId: null }),
      });
    },
  };
}

/** @param {string} name */
const createArgs = (name) => ({ name, events: ["message.finished"], url: "https://bench.example.com/hooks" });

/**
 * 2. Sequential per-call latency, round-robin per call.
 * @param {Record<CallKind, (i: number) => Promise<unknown>>} runners
 */
async function measureLatency(runners) {
  const kinds = /** @type {CallKind[]} */ (Object.keys(runners));
  for (let i = 0; i < settings.warmupCalls; i++) {
    for (const kind of kinds) await runners[kind](i);
  }
  /** @type {Record<CallKind, number[]>} */
  const samples = { direct: [], baseline: [], shipped: [] };
  for (let i = 0; i < settings.latencyCalls; i++) {
    for (const kind of rotate(kinds, i)) {
      const started = performance.now();
      await runners[kind](settings.warmupCalls + i);
      samples[kind].push(performance.now() - started);
    }
  }
  /** @param {CallKind} kind */
  const stats = (kind) => ({
    p50: quantile(samples[kind], 0.5),
    p90: quantile(samples[kind], 0.9),
  });
  return { direct: stats("direct"), baseline: stats("baseline"), shipped: stats("shipped") };
}

/**
 * Keeps `inFlight` calls going until `total` have been made; returns calls per second.
 * @param {number} total @param {number} inFlight @param {() => Promise<unknown>} call
 */
async function pump(total, inFlight, call) {
  let started = 0;
  const begin = performance.now();
  const worker = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  return total / ((performance.now() - begin) / 1000);
}

/** Clock ticks per second for /proc/<pid>/stat (100 on every usual Linux). */
const CLOCK_TICKS = (() => {
  const result = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const ticks = Number(result.stdout?.trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

/** User + system CPU time a live process has used, in ms (NaN off Linux). @param {number | undefined} pid */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** This process's own CPU time, in ms. */
function ownCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * 3. Throughput with `inFlight` calls in flight, round-robin per round. Also the CPU time each
 * contender spent per call, which a busy machine disturbs much less than wall-clock rates: the
 * server process's for baseline and shipped (its fetch included; not this process's client side),
 * and this process's own for direct (its fetch is all it does then).
 * @param {Record<CallKind, () => Promise<unknown>>} runners
 * @param {Record<CallKind, () => number>} cpu cumulative CPU ms of whoever does each contender's work
 */
async function measureThroughput(runners, cpu) {
  const kinds = /** @type {CallKind[]} */ (Object.keys(runners));
  // Warm-up at full concurrency, which also opens every keep-alive connection.
  for (const kind of kinds) await pump(Math.min(500, settings.throughputCalls), settings.inFlight, runners[kind]);
  /** @type {Record<CallKind, number[]>} */
  const samples = { direct: [], baseline: [], shipped: [] };
  /** @type {Record<CallKind, number>} */
  const cpuSpent = { direct: 0, baseline: 0, shipped: 0 };
  for (let r = 0; r < settings.throughputRounds; r++) {
    for (const kind of rotate(kinds, r)) {
      const before = cpu[kind]();
      samples[kind].push(await pump(settings.throughputCalls, settings.inFlight, runners[kind]));
      cpuSpent[kind] += cpu[kind]() - before;
    }
  }
  const calls = settings.throughputRounds * settings.throughputCalls;
  /** @param {CallKind} kind */
  const stats = (kind) => ({
    callsPerSec: median(samples[kind]),
    samples: samples[kind].map((s) => round(s, 0)),
    cpuUsPerCall: (cpuSpent[kind] * 1000) / calls,
  });
  return { direct: stats("direct"), baseline: stats("baseline"), shipped: stats("shipped") };
}

/**
 * Runs bench/fetch-floor.mjs: a bare Node process making the same GET with fetch, `inFlight` at a
 * time, `calls` times. Returns its own report (peak RSS).
 * @param {string} url @param {number} calls @returns {Promise<FetchFloorResult>}
 */
async function runFetchFloor(url, calls) {
  const child = spawn(process.execPath, [fetchFloorScript], {
    cwd: "/",
    env: {
      PATH: process.env.PATH ?? "",
      BENCH_URL: url,
      BENCH_KEY: API_KEY,
      BENCH_CALLS: String(calls),
      BENCH_IN_FLIGHT: String(settings.inFlight),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (/** @type {string} */ chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (/** @type {string} */ chunk) => {
    stderr += chunk;
  });
  const code = await new Promise((resolve) => child.once("exit", resolve));
  children.delete(child);
  if (code !== 0) throw new Error(`bench/fetch-floor.mjs exited with ${code}: ${stderr.slice(-1000)}`);
  return JSON.parse(stdout);
}

/**
 * 4. Peak RSS (VmHWM) after `rssCalls` get_webhook calls, `inFlight` in flight, of a fresh baseline,
 * a fresh shipped bin and the bare fetch floor; then the shipped bin's VmRSS every `flatEvery`
 * calls up to `flatCalls`, and the least-squares slope over the second half.
 * @param {Contender} baseline @param {Contender} shipped @param {FakeReady} fake
 */
async function measureMemory(baseline, shipped, fake) {
  const hookId = /** @type {string} */ (fake.hookIds[0]);
  const args = { webhookId: hookId };
  /** @param {RpcChild} server */
  const peakOf = (server) => ({ calls: server.toolCalls, ...server.memory() });

  const fetchFloor = await runFetchFloor(`${fake.baseUrl}/hooks/${hookId}`, settings.rssCalls);

  /**
   * A fresh process's peak after `rssCalls` calls.
   * @param {string} label @param {string} script @param {string[]} [nodeArgs]
   */
  const freshPeak = async (label, script, nodeArgs = []) => {
    const server = await new RpcChild(label, script, serverEnv(fake.baseUrl), nodeArgs).open();
    try {
      await pump(settings.rssCalls, settings.inFlight, () => server.callTool("get_webhook", args));
      return peakOf(server);
    } finally {
      await server.close();
    }
  };
  const basePeak = await freshPeak(baseline.label, baseline.script);
  // The shipped bin with V8's own heap defaults: given these flags, it leaves the heap alone
  // (src/heap-limits.ts), which shows what its heap limits are worth.
  const defaultsPeak = await freshPeak(`${shipped.label} (V8 defaults)`, shipped.script, [...V8_DEFAULT_HEAP_FLAGS]);

  const ship = await new RpcChild(shipped.label, shipped.script, serverEnv(fake.baseUrl)).open();
  /** @type {ReturnType<typeof peakOf> | undefined} */
  let shipPeak;
  /** @type {{ calls: number, vmRssMiB: number | null }[]} */
  const samples = [];
  try {
    samples.push({ calls: 0, vmRssMiB: ship.memory().vmRssMiB });
    while (ship.toolCalls < settings.flatCalls) {
      await pump(settings.flatEvery, settings.inFlight, () => ship.callTool("get_webhook", args));
      const sample = peakOf(ship);
      samples.push({ calls: sample.calls, vmRssMiB: sample.vmRssMiB });
      if (shipPeak === undefined && sample.calls >= settings.rssCalls) shipPeak = sample;
    }
    shipPeak ??= peakOf(ship);
  } finally {
    await ship.close();
  }
  const secondHalf = samples
    .filter((s) => s.calls >= settings.flatCalls / 2 && s.vmRssMiB !== null)
    .map((s) => ({ x: s.calls, y: /** @type {number} */ (s.vmRssMiB) }));
  const slopePer10k = slope(secondHalf) * 10_000;
  return {
    peak: { baseline: basePeak, shipped: shipPeak, fetchFloor, shippedV8Defaults: defaultsPeak },
    flatness: {
      calls: settings.flatCalls,
      every: settings.flatEvery,
      samples,
      pointsInFit: secondHalf.length,
      slopeMiBPer10k: slopePer10k,
      theilSenSlopeMiBPer10k: medianSlope(secondHalf) * 10_000,
      flat: Number.isFinite(slopePer10k) ? Math.abs(slopePer10k) < targets.flatSlopeMiBPer10k : null,
    },
  };
}

/** 5. What `npm pack` would publish, and the runtime dependencies. */
function measurePack() {
  const { stdout } = run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], "npm pack --dry-run");
  /** @type {{ size: number, unpackedSize: number, entryCount?: number, files: { path: string, size: number }[] }[]} */
  const packs = JSON.parse(stdout.slice(stdout.indexOf("[")));
  const pack = packs[0];
  if (!pack) throw new Error("npm pack --json printed no package");
  /** @type {{ dependencies?: Record<string, string> }} */
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const dependencies = Object.keys(pkg.dependencies ?? {});
  const largest = [...pack.files].sort((a, b) => b.size - a.size).slice(0, 5);
  return {
    packedKB: /** @type {number} */ (round(pack.size / 1024, 1)),
    unpackedKB: round(pack.unpackedSize / 1024, 1),
    files: pack.files.length,
    largestFiles: largest.map((f) => ({ path: f.path, KB: round(f.size / 1024, 1) })),
    runtimeDeps: dependencies.length,
    dependencies,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

/** @param {number | null | undefined} value @param {number} [digits] */
const fmt = (value, digits = 2) =>
  value === null || value === undefined || !Number.isFinite(value) ? "n/a" : value.toFixed(digits);
/** @param {number} a @param {number} b */
const ratioOf = (a, b) => (b > 0 ? a / b : Number.NaN);

/** @param {Row[]} rows */
function renderTable(rows) {
  const header = {
    metric: "metric",
    value: "value",
    reference: "baseline/floor",
    ratio: "ratio",
    target: "target",
    result: "result",
  };
  const cells = rows.map((row) => ({
    ...row,
    result: row.pass === null ? (row.target === "—" ? "info" : "n/a") : row.pass ? "PASS" : "FAIL",
  }));
  const all = [header, ...cells];
  const keys = /** @type {const} */ (["metric", "value", "reference", "ratio", "target", "result"]);
  const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
  const line = (/** @type {Record<typeof keys[number], string>} */ row) =>
    keys.map((key, i) => (i === 0 ? row[key].padEnd(widths[i] ?? 0) : row[key].padStart(widths[i] ?? 0))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...cells.map(line)].join("\n");
}

function gitInfo() {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" });
  const status = spawnSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" });
  return {
    head: head.status === 0 ? head.stdout.trim() : null,
    changedFiles: status.status === 0 ? status.stdout.split("\n").filter(Boolean).length : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const started = performance.now();
  const loadAtStart = loadavg();
  mkdirSync(outDir, { recursive: true });
  const watchdog = setTimeout(
    () => {
      progress(`gave up after ${quick ? 3 : 10} minutes`);
      killAll();
      process.exit(1);
    },
    (quick ? 3 : 10) * 60_000,
  );
  watchdog.unref();

  const built = buildContenders();
  const versions = { baseline: preflight(built.baselineBin), shipped: preflight(built.shippedBin) };
  progress("npm pack --dry-run");
  const pack = measurePack();
  /** @type {Contender[]} */
  const contenders = [
    { kind: "floor", label: "floor (bare Node)", script: floorScript },
    { kind: "baseline", label: "baseline (tsc, unbundled)", script: built.baselineBin },
    { kind: "shipped", label: "shipped (dist/index.js)", script: built.shippedBin },
  ];
  const [, baselineC, shippedC] = /** @type {[Contender, Contender, Contender]} */ (contenders);

  const fake = await startFake();
  /** @type {RpcChild[]} */
  const sessions = [];
  try {
    progress(
      `start-up: ${settings.startupRounds} rounds × 3 contenders, then ${settings.phaseRounds} diagnostic rounds`,
    );
    const startup = await measureStartup(contenders, fake.baseUrl);

    progress(
      `latency: ${settings.warmupCalls} warm-up + ${settings.latencyCalls} sequential calls per contender and tool`,
    );
    const base = await new RpcChild(baselineC.label, baselineC.script, serverEnv(fake.baseUrl)).open();
    sessions.push(base);
    const ship = await new RpcChild(shippedC.label, shippedC.script, serverEnv(fake.baseUrl)).open();
    sessions.push(ship);
    const direct = directClient(fake.baseUrl);
    const hookId = /** @type {string} */ (fake.hookIds[0]);
    const getArgs = { webhookId: hookId };
    const get = await measureLatency({
      direct: () => direct.get(hookId),
      baseline: () => base.callTool("get_webhook", getArgs),
      shipped: () => ship.callTool("get_webhook", getArgs),
    });
    const create = await measureLatency({
      direct: (i) => direct.create(createArgs(`bench direct ${i}`)),
      baseline: (i) => base.callTool("create_webhook", createArgs(`bench baseline ${i}`)),
      shipped: (i) => ship.callTool("create_webhook", createArgs(`bench shipped ${i}`)),
    });

    progress(
      `throughput: ${settings.throughputRounds} round(s) × ${settings.throughputCalls} get_webhook calls, ${settings.inFlight} in flight`,
    );
    const throughput = await measureThroughput(
      {
        direct: () => direct.get(hookId),
        baseline: () => base.callTool("get_webhook", getArgs),
        shipped: () => ship.callTool("get_webhook", getArgs),
      },
      { direct: ownCpuMs, baseline: () => cpuMs(base.pid), shipped: () => cpuMs(ship.pid) },
    );
    const afterAllCalls = {
      baseline: { calls: base.toolCalls, ...base.memory() },
      shipped: { calls: ship.toolCalls, ...ship.memory() },
    };
    await Promise.all(sessions.splice(0).map((session) => session.close()));

    progress(
      `memory: ${settings.rssCalls} calls per fresh process (fetch floor, baseline, shipped with V8 heap defaults), then ${settings.flatCalls} on the shipped bin`,
    );
    const memory = await measureMemory(baselineC, shippedC, fake);

    const results = {
      createdAt: new Date().toISOString(),
      mode: quick ? "quick" : "full",
      durationSec: (performance.now() - started) / 1000,
      machine: {
        node: process.version,
        platform: process.platform,
        cpus: cpus().length,
        loadavgAtStart: loadAtStart,
        loadavgAtEnd: loadavg(),
      },
      git: gitInfo(),
      settings,
      targets,
      contenders: {
        floor: relative(root, floorScript),
        baseline: {
          path: relative(root, built.baselineBin),
          from: built.from,
          how: built.how,
          version: versions.baseline,
        },
        shipped: {
          path: relative(root, built.shippedBin),
          from: "dist",
          version: versions.shipped,
          bytes: statSync(built.shippedBin).size,
        },
      },
      buildMs: built.buildMs,
      startup: {
        ...startup,
        initializeRatioToFloor: {
          baseline: startup.baseline.initializeMs / startup.floor.initializeMs,
          shipped: startup.shipped.initializeMs / startup.floor.initializeMs,
        },
        toolsListRatioToFloor: {
          baseline: startup.baseline.toolsListMs / startup.floor.toolsListMs,
          shipped: startup.shipped.toolsListMs / startup.floor.toolsListMs,
        },
      },
      latencyMs: {
        get_webhook: get,
        create_webhook: create,
        overheadP50: {
          get_webhook: { baseline: get.baseline.p50 - get.direct.p50, shipped: get.shipped.p50 - get.direct.p50 },
          create_webhook: {
            baseline: create.baseline.p50 - create.direct.p50,
            shipped: create.shipped.p50 - create.direct.p50,
          },
        },
      },
      throughput: {
        inFlight: settings.inFlight,
        callsPerRound: settings.throughputCalls,
        ...throughput,
        ratioToDirect: {
          baseline: throughput.baseline.callsPerSec / throughput.direct.callsPerSec,
          shipped: throughput.shipped.callsPerSec / throughput.direct.callsPerSec,
        },
      },
      memory: {
        floor: { rssMiB: startup.floor.rssAfterToolsListMiB, hwmMiB: startup.floor.hwmAfterToolsListMiB },
        afterLatencyAndThroughput: afterAllCalls,
        ...memory,
      },
      pack,
    };
    const rows = tableRows(results);
    // Four decimals are plenty for every measured number.
    const trim = (/** @type {string} */ _key, /** @type {unknown} */ value) =>
      typeof value === "number" && !Number.isInteger(value) ? Number(value.toFixed(4)) : value;
    writeFileSync(resultsPath, `${JSON.stringify({ ...results, rows }, trim, 2)}\n`);
    process.stdout.write(`${report(results, rows)}\n`);
  } finally {
    await Promise.all(sessions.map((session) => session.kill()));
    fake.stop();
    killAll();
  }
}

/** @typedef {Awaited<ReturnType<typeof measureStartup>>} Startup */
/**
 * @typedef {{
 *   mode: string, durationSec: number,
 *   machine: { cpus: number, loadavgAtStart: number[], loadavgAtEnd: number[] },
 *   contenders: { baseline: { path: string, how: string }, shipped: { path: string, bytes: number } },
 *   startup: Startup,
 *   latencyMs: { get_webhook: Record<CallKind, { p50: number, p90: number }>, create_webhook: Record<CallKind, { p50: number, p90: number }> },
 *   throughput: Record<CallKind, { callsPerSec: number, samples: (number | null)[], cpuUsPerCall: number }>,
 *   memory: Awaited<ReturnType<typeof measureMemory>> & { floor: { rssMiB: number | null }, afterLatencyAndThroughput: Record<"baseline" | "shipped", { calls: number } & Memory> },
 *   pack: ReturnType<typeof measurePack>,
 * }} Results
 */

/**
 * The table: one row per measurement; targets apply to the shipped bin, the baseline's rows are
 * there to compare with.
 * @param {Results} r @returns {Row[]}
 */
function tableRows(r) {
  const { startup, latencyMs, throughput, memory, pack } = r;
  /** @type {Row[]} */
  const rows = [];
  /** @param {Omit<Row, "pass"> & { pass?: boolean | null }} row */
  const add = (row) => rows.push({ ...row, pass: row.pass ?? null });
  const kinds = /** @type {const} */ (["baseline", "shipped"]);

  for (const [phase, key] of /** @type {const} */ ([
    ["initialize", "initializeMs"],
    ["tools/list", "toolsListMs"],
  ])) {
    const floor = startup.floor[key];
    add({
      metric: `start-up → ${phase}, floor (bare Node)`,
      value: `${fmt(floor, 1)} ms`,
      reference: "—",
      ratio: "1.00×",
      target: "—",
    });
    for (const kind of kinds) {
      const ratio = ratioOf(startup[kind][key], floor);
      const judged = kind === "shipped" && phase === "initialize";
      add({
        metric: `start-up → ${phase}, ${kind}`,
        value: `${fmt(startup[kind][key], 1)} ms`,
        reference: `${fmt(floor, 1)} ms floor`,
        ratio: `${fmt(ratio)}×`,
        target: judged ? `≤ ${targets.startupRatio.toFixed(1)}×` : "—",
        pass: judged ? ratio <= targets.startupRatio : null,
      });
    }
  }
  for (const tool of /** @type {const} */ (["get_webhook", "create_webhook"])) {
    const stats = latencyMs[tool];
    for (const kind of kinds) {
      const overhead = stats[kind].p50 - stats.direct.p50;
      add({
        metric: `${tool} p50 overhead, ${kind}`,
        value: `${fmt(overhead, 3)} ms`,
        reference: `${fmt(stats.direct.p50, 3)} ms direct`,
        ratio: `${fmt(ratioOf(stats[kind].p50, stats.direct.p50))}×`,
        target: kind === "shipped" ? `≤ ${targets.overheadMs} ms` : "—",
        pass: kind === "shipped" ? overhead <= targets.overheadMs : null,
      });
    }
  }
  for (const kind of kinds) {
    const ratio = ratioOf(throughput[kind].callsPerSec, throughput.direct.callsPerSec);
    add({
      metric: `get_webhook throughput, ${settings.inFlight} in flight, ${kind}`,
      value: `${fmt(throughput[kind].callsPerSec, 0)}/s`,
      reference: `${fmt(throughput.direct.callsPerSec, 0)}/s direct`,
      ratio: `${fmt(ratio)}×`,
      target: kind === "shipped" ? `≥ ${targets.throughputRatio}×` : "—",
      pass: kind === "shipped" ? ratio >= targets.throughputRatio : null,
    });
  }
  const floorRss = memory.floor.rssMiB;
  const fetchFloor = memory.peak.fetchFloor;
  add({
    metric: `peak RSS after ${fetchFloor.calls} fetches, bare Node fetch`,
    value: `${fmt(fetchFloor.vmHwmMiB, 1)} MiB`,
    reference: `${fmt(floorRss, 1)} MiB floor`,
    ratio: `${fmt(ratioOf(fetchFloor.vmHwmMiB ?? Number.NaN, floorRss ?? Number.NaN))}×`,
    target: "—",
  });
  for (const kind of kinds) {
    const peak = memory.peak[kind];
    add({
      metric: `peak RSS after ${peak.calls} calls, ${kind}`,
      value: `${fmt(peak.vmHwmMiB, 1)} MiB`,
      reference: `${fmt(floorRss, 1)} MiB floor`,
      ratio: `${fmt(ratioOf(peak.vmHwmMiB ?? Number.NaN, floorRss ?? Number.NaN))}×`,
      target: kind === "shipped" ? `≤ ${targets.peakRssMiB} MiB` : "—",
      pass: kind === "shipped" && peak.vmHwmMiB !== null ? peak.vmHwmMiB <= targets.peakRssMiB : null,
    });
  }
  const defaultsPeak = memory.peak.shippedV8Defaults;
  add({
    metric: `peak RSS after ${defaultsPeak.calls} calls, shipped, V8 heap defaults`,
    value: `${fmt(defaultsPeak.vmHwmMiB, 1)} MiB`,
    reference: `${fmt(floorRss, 1)} MiB floor`,
    ratio: `${fmt(ratioOf(defaultsPeak.vmHwmMiB ?? Number.NaN, floorRss ?? Number.NaN))}×`,
    target: "—",
  });
  add({
    metric: `RSS slope, 2nd half of ${memory.flatness.calls} calls, shipped`,
    value: `${fmt(memory.flatness.slopeMiBPer10k)} MiB/10k`,
    reference: "—",
    ratio: "—",
    target: `|s| < ${targets.flatSlopeMiBPer10k} MiB/10k`,
    pass: memory.flatness.flat,
  });
  add({
    metric: `packed tarball (${pack.files} files)`,
    value: `${fmt(pack.packedKB, 1)} KB`,
    reference: "—",
    ratio: "—",
    target: `≤ ${targets.packedKB} KB`,
    pass: pack.packedKB <= targets.packedKB,
  });
  add({
    metric: "runtime dependencies",
    value: String(pack.runtimeDeps),
    reference: "—",
    ratio: "—",
    target: String(targets.runtimeDeps),
    pass: pack.runtimeDeps <= targets.runtimeDeps,
  });
  return rows;
}

/** The table plus the details behind it. @param {Results} r @param {Row[]} rows */
function report(r, rows) {
  const { startup, latencyMs, throughput, memory, pack } = r;
  /** @param {{ p50: number, p90: number }} s */
  const pp = (s) => `${fmt(s.p50, 3)}/${fmt(s.p90, 3)}`;
  const out = [
    `v0-webhooks-mcp bench (${r.mode}): node ${process.version}, ${r.machine.cpus} CPUs, 1-min load ${fmt(r.machine.loadavgAtStart[0])} → ${fmt(r.machine.loadavgAtEnd[0])}; medians, contenders round-robin`,
    `baseline: ${r.contenders.baseline.path} (${r.contenders.baseline.how}); shipped: ${r.contenders.shipped.path} (snapshot of dist/index.js, ${fmt(r.contenders.shipped.bytes / 1024, 1)} KB)`,
    "",
    renderTable(rows),
    "",
  ];
  const busiest = Math.max(...r.machine.loadavgAtStart.slice(0, 1), ...r.machine.loadavgAtEnd.slice(0, 1));
  if (busiest > r.machine.cpus) {
    out.push(
      `note: the machine was busy (1-min load ${fmt(busiest)} on ${r.machine.cpus} CPUs) while this ran; latency and throughput ratios are noisy, so compare runs, not single numbers.`,
      "",
    );
  }
  out.push("details");
  for (const tool of /** @type {const} */ (["get_webhook", "create_webhook"])) {
    const s = latencyMs[tool];
    out.push(
      `  ${tool.padEnd(15)} p50/p90 ms: direct ${pp(s.direct)}, baseline ${pp(s.baseline)}, shipped ${pp(s.shipped)}`,
    );
  }
  out.push(
    `  CPU µs per get_webhook at ${settings.inFlight} in flight: direct (this process's fetch) ${fmt(throughput.direct.cpuUsPerCall, 0)}, baseline server ${fmt(throughput.baseline.cpuUsPerCall, 0)}, shipped server ${fmt(throughput.shipped.cpuUsPerCall, 0)}`,
  );
  out.push(
    `  throughput calls/s per round: direct ${throughput.direct.samples.join(" ")}, baseline ${throughput.baseline.samples.join(" ")}, shipped ${throughput.shipped.samples.join(" ")}`,
  );
  out.push("  start-up phases, ms (median of diagnostic rounds with --import bench/boot-mark.mjs):");
  for (const kind of /** @type {const} */ (["floor", "baseline", "shipped"])) {
    const p = startup[kind].phasesMs;
    out.push(
      `    ${kind.padEnd(8)} boot ${fmt(p.boot, 1)} | entry ${fmt(p.entry, 1)} | initialize ${fmt(p.initialize, 1)} | → tools/list ${fmt(p.toolsList, 1)} | total ${fmt(p.total, 1)} (${startup[kind].tools} tools)`,
    );
  }
  out.push(
    `  RSS once tools/list is answered (idle), MiB: floor ${fmt(startup.floor.rssAfterToolsListMiB, 1)}, baseline ${fmt(startup.baseline.rssAfterToolsListMiB, 1)}, shipped ${fmt(startup.shipped.rssAfterToolsListMiB, 1)}`,
  );
  const after = memory.afterLatencyAndThroughput;
  out.push(
    `  VmHWM after the latency + throughput phases, MiB: baseline ${fmt(after.baseline.vmHwmMiB, 1)} (${after.baseline.calls} calls), shipped ${fmt(after.shipped.vmHwmMiB, 1)} (${after.shipped.calls} calls)`,
  );
  out.push(
    `  shipped VmRSS MiB @ calls: ${memory.flatness.samples.map((s) => `${s.calls / 1000}k ${fmt(s.vmRssMiB, 1)}`).join(", ")}`,
  );
  out.push(
    `    slope over the last ${memory.flatness.pointsInFit} samples: ${fmt(memory.flatness.slopeMiBPer10k)} MiB/10k calls (${memory.flatness.flat ? "flat" : "not flat"}); Theil–Sen cross-check ${fmt(memory.flatness.theilSenSlopeMiBPer10k)} MiB/10k`,
  );
  out.push(
    `  tarball: ${fmt(pack.unpackedKB, 1)} KB unpacked; largest: ${pack.largestFiles.map((f) => `${f.path} ${fmt(f.KB, 1)} KB`).join(", ")}; dependencies: ${pack.dependencies.join(", ") || "none"}`,
  );
  out.push("", `results: ${relative(root, resultsPath)} (run took ${fmt(r.durationSec, 0)} s)`);
  return out.join("\n");
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  killAll();
  process.exit(1);
});
