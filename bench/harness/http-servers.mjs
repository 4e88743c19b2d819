// @ts-check
// HTTP servers under test for `npm run bench`, each in its own process on 127.0.0.1, port 0: the
// shipped bin with `--http` (the node:http adapter around the same Web-standard handler as
// dist/fetch.js) and the bare node:http JSON floor (bench/json-floor-server.mjs). Both log the URL
// they serve on stderr; the bench reads it from there and keeps draining stderr so a chatty server
// never blocks on a full pipe.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { children, root, serverEnv } from "./processes.mjs";

/** The bearer the bench's clients send, and the `--http` server is given as MCP_HTTP_TOKEN. */
export const HTTP_TOKEN = "bench-http-token-0123456789abcdef";

/** @typedef {{ label: string, url: string, pid: number | undefined, stop: () => Promise<void> }} HttpServer */

const SERVING = /serving (?:MCP )?at (http:\/\/\S+)/;

/**
 * Spawns `node <args>` and waits for the URL it logs on stderr.
 * @param {string} label @param {string[]} args @param {Record<string, string>} env
 * @returns {Promise<HttpServer>}
 */
async function startServing(label, args, env) {
  const child = spawn(process.execPath, args, { cwd: "/", env, stdio: ["ignore", "ignore", "pipe"] });
  children.add(child);
  let stderr = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: no "serving at" line within 20 s: ${stderr}`)), 20_000);
    child.stderr.setEncoding("utf8").on("data", (/** @type {string} */ chunk) => {
      stderr = (stderr + chunk).slice(-4_000);
      const match = SERVING.exec(stderr);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${signal ?? `code ${code}`}) before it listened: ${stderr.slice(-1_000)}`));
    });
  });
  return {
    label,
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
    },
  };
}

/**
 * The shipped bin (its snapshot in .bench/) serving MCP over HTTP against the fake v0.
 * @param {string} bin @param {string} baseUrl the fake v0's, ending in /v2
 */
export const startBinHttp = (bin, baseUrl) =>
  startServing("shipped --http", [bin, "--http", "--port", "0"], {
    ...serverEnv(baseUrl),
    MCP_HTTP_TOKEN: HTTP_TOKEN,
  });

/** The bare node:http JSON floor. */
export const startJsonFloor = () =>
  startServing("node:http JSON floor", [join(root, "bench", "json-floor-server.mjs")], {
    PATH: process.env.PATH ?? "",
  });
