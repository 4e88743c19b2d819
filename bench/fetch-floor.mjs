// @ts-check
// A memory reference for `npm run bench`: a bare Node process that makes the same get_webhook
// request (GET /v2/hooks/{id}) with the global fetch, BENCH_IN_FLIGHT at a time, BENCH_CALLS times,
// then prints one JSON line (FetchFloorResult) with its peak RSS. It shows how much of a server's
// RSS is Node + fetch (undici) under that load rather than the server's own code.

/**
 * @typedef {{ calls: number, callsPerSec: number, vmHwmMiB: number | null, vmRssMiB: number | null }} FetchFloorResult
 */

const url = process.env.BENCH_URL ?? "";
const headers = { Authorization: `Bearer ${process.env.BENCH_KEY ?? ""}`, Accept: "application/json" };
const calls = Number(process.env.BENCH_CALLS ?? "2000");
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? "64");

/** @param {string} field */
async function statusMiB(field) {
  const { readFile } = await import("node:fs/promises");
  try {
    const status = await readFile("/proc/self/status", "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match?.[1] === undefined ? null : Number(match[1]) / 1024;
  } catch {
    return field === "VmHWM" ? process.resourceUsage().maxRSS / 1024 : process.memoryUsage().rss / 1024 / 1024;
  }
}

let started = 0;
const begin = performance.now();
async function worker() {
  while (started < calls) {
    started++;
    const response = await fetch(url, { headers });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${text}`);
    JSON.parse(text);
  }
}
await Promise.all(Array.from({ length: Math.min(inFlight, calls) }, worker));
/** @type {FetchFloorResult} */
const result = {
  calls,
  callsPerSec: calls / ((performance.now() - begin) / 1000),
  vmHwmMiB: await statusMiB("VmHWM"),
  vmRssMiB: await statusMiB("VmRSS"),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
