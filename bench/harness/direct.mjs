// @ts-check
// The "direct" contenders: this process itself calling the fake v0, with no MCP in between. The
// reference for per-call overhead and throughput is `node:http` with a keep-alive agent set up as
// the server's own (src/v0/http-send.ts: 16 sockets, LIFO): one HTTP exchange, body read and
// parsed, exactly the work a get_webhook call delegates. The global fetch is measured beside it
// for information (earlier benches used it as the reference; it costs more per request).
import { Agent, request } from "node:http";
import { API_KEY } from "./processes.mjs";

const headers = { Authorization: `Bearer ${API_KEY}`, Accept: "application/json" };
const postHeaders = { ...headers, "Content-Type": "application/json" };

/** @typedef {(method: string, url: string, body?: string) => Promise<unknown>} Exchange */

/** @returns {Exchange} */
function nodeHttpExchange() {
  const agent = new Agent({ keepAlive: true, maxSockets: 16, scheduling: "lifo", timeout: 4_000 });
  return (method, url, body) =>
    new Promise((resolve, reject) => {
      const req = request(url, { method, headers: body === undefined ? headers : postHeaders, agent }, (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on("data", (/** @type {Buffer} */ chunk) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if ((res.statusCode ?? 0) >= 400) reject(new Error(`direct ${method} ${url}: ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text));
        });
      });
      req.on("error", reject);
      req.end(body);
    });
}

/** @returns {Exchange} */
function fetchExchange() {
  return async (method, url, body) => {
    const response = await fetch(url, { method, headers: body === undefined ? headers : postHeaders, body });
    const text = await response.text();
    if (!response.ok) throw new Error(`direct ${method} ${url}: ${response.status} ${text}`);
    return JSON.parse(text);
  };
}

/**
 * @param {string} baseUrl the fake v0's, ending in /v2
 * @param {"node:http" | "fetch"} how
 */
export function directClient(baseUrl, how) {
  const exchange = how === "fetch" ? fetchExchange() : nodeHttpExchange();
  return {
    /** GET /hooks/{id}, like get_webhook. @param {string} id */
    get: (id) => exchange("GET", `${baseUrl}/hooks/${encodeURIComponent(id)}`),
    /** GET /hooks (the dedupe lookup), then POST /hooks, like create_webhook. @param {Record<string, unknown>} body */
    async create(body) {
      await exchange("GET", `${baseUrl}/hooks`);
      return exchange("POST", `${baseUrl}/hooks`, JSON.stringify({ ...body, chatId: null }));
    },
  };
}
