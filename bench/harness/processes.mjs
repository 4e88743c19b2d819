// @ts-check
// Child processes for the bench: one registry (so nothing outlives it), memory and CPU read from
// /proc, the fake v0 API (bench/fake-v0.mjs, its own process) and one-shot helper processes.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** @typedef {import("../fake-v0.mjs").FakeReady} FakeReady */
/** @typedef {{ vmRssMiB: number | null, vmHwmMiB: number | null }} Memory */

/** The repository's root, with a trailing separator. */
export const root = fileURLToPath(new URL("../..", import.meta.url));
/** Where the bench writes: snapshots, the minimal server's bundle, results.json. */
export const outDir = join(root, ".bench");
/** The key the fake v0 expects and the servers are given. */
export const API_KEY = "bench-key-0123456789";

/** @param {string} message */
export const progress = (message) => process.stderr.write(`bench: ${message}\n`);

/** Every child process this bench started, so none outlives it. */
/** @type {Set<import("node:child_process").ChildProcess>} */
export const children = new Set();

/** SIGKILLs every child this bench started and still running (only those: by the handles it holds). */
export function killAll() {
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

/** The environment a desktop MCP client would pass: PATH and the server's own variables. @param {string} baseUrl */
export function serverEnv(baseUrl) {
  return { PATH: process.env.PATH ?? "", V0_API_KEY: API_KEY, V0_API_BASE_URL: baseUrl };
}

/** VmRSS and VmHWM of a live process, in MiB (null off Linux or once it has exited). @param {number | undefined} pid @returns {Memory} */
export function readMemory(pid) {
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

/** Clock ticks per second for /proc/<pid>/stat (100 on every usual Linux). */
const CLOCK_TICKS = (() => {
  const result = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const ticks = Number(result.stdout?.trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

/** User + system CPU time a live process has used, in ms (NaN off Linux). @param {number | undefined} pid */
export function cpuMs(pid) {
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
export function ownCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Runs a command to completion in the repository's root; throws with its output if it fails.
 * @param {string} command @param {string[]} args @param {string} what
 */
export function run(command, args, what) {
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

/** Starts bench/fake-v0.mjs and waits for its FakeReady line. */
export async function startFake() {
  const child = spawn(process.execPath, [join(root, "bench", "fake-v0.mjs")], {
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
    pid: child.pid,
    stop() {
      child.stdin.end();
      child.kill("SIGTERM");
      children.delete(child);
    },
  };
}

/**
 * Runs a Node script that prints one JSON line on stdout and exits; returns that line parsed.
 * @param {string} script @param {Record<string, string>} env
 */
export async function runJsonScript(script, env) {
  const child = spawn(process.execPath, [script], {
    cwd: "/",
    env: { PATH: process.env.PATH ?? "", ...env },
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
  if (code !== 0) throw new Error(`${script} exited with ${code}: ${stderr.slice(-1000)}`);
  return JSON.parse(stdout);
}
