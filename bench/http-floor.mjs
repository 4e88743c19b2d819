// @ts-check
// A memory reference for `npm run bench`: a bare Node process that makes the same request as
// get_webhook (GET /v2/hooks/{id}) through `node:http` with a keep-alive agent set up as the
// server's own (src/v0/http-send.ts), BENCH_IN_FLIGHT at a time, BENCH_CALLS times, then prints
// one JSON line (HttpFloorResult) with its peak RSS. It shows how much of a server's RSS under that
// load is Node and its HTTP client rather than the server's own code.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";

/**
 * @typedef {{ calls: number, callsPerSec: number, vmHwmMiB: number | null, vmRssMiB: number | null }} HttpFloorResult
 */

const url = process.env.BENCH_URL ?? "";
const headers = { Authorization: `Bearer ${process.env.BENCH_KEY ?? ""}`, Accept: "application/json" };
const calls = Number(process.env.BENCH_CALLS ?? "2000");
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? "64");
const agent = new Agent({ keepAlive: true, maxSockets: 16, scheduling: "lifo", timeout: 4_000 });

/** @param {string} field */
function statusMiB(field) {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match?.[1] === undefined ? null : Number(match[1]) / 1024;
  } catch {
    return null;
  }
}

/** @returns {Promise<unknown>} */
const get = () =>
  new Promise((resolve, reject) => {
    const req = request(url, { headers, agent }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on("data", (/** @type {Buffer} */ chunk) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if ((res.statusCode ?? 0) >= 400) reject(new Error(`GET ${url}: ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text));
      });
    });
    req.on("error", reject);
    req.end();
  });

let started = 0;
const begin = performance.now();
async function worker() {
  while (started < calls) {
    started++;
    await get();
  }
}
await Promise.all(Array.from({ length: Math.min(inFlight, calls) }, worker));
/** @type {HttpFloorResult} */
const result = {
  calls,
  callsPerSec: calls / ((performance.now() - begin) / 1000),
  vmHwmMiB: statusMiB("VmHWM"),
  vmRssMiB: statusMiB("VmRSS"),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
agent.destroy();
