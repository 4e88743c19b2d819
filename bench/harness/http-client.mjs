// @ts-check
// The bench's HTTP client for the stateless-HTTP rows, run in the bench process like the other
// throughput clients: `node:http` with a keep-alive agent holding one socket per call in flight.
// It is kept cheap so it is never the bottleneck: one request body and one header set built once
// and reused for every call (stateless HTTP: each request stands alone, so a fixed JSON-RPC id is
// fine), and each answer checked by status and length only. The first answer is returned whole for
// the caller to check in depth; a server answering the same request the same way, every later
// answer must have its length.
import { Agent, request } from "node:http";
import { MODERN_PROTOCOL } from "./rpc-child.mjs";

/** A 2026-07-28 `tools/call` over Streamable HTTP: the headers besides Content-Length, and the body. */
export function modernToolCall(/** @type {string} */ token, /** @type {string} */ tool, /** @type {object} */ args) {
  return {
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${token}`,
      "mcp-protocol-version": MODERN_PROTOCOL,
      "mcp-method": "tools/call",
      "mcp-name": tool,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: {
        name: tool,
        arguments: args,
        _meta: {
          "io.modelcontextprotocol/protocolVersion": MODERN_PROTOCOL,
          "io.modelcontextprotocol/clientInfo": { name: "bench", version: "1" },
          "io.modelcontextprotocol/clientCapabilities": {},
        },
      },
    }),
  };
}

/**
 * The JSON-RPC message in an answer: a JSON body, or the first `data:` line of an SSE one.
 * @param {string} text @returns {{ result?: Record<string, unknown>, error?: unknown }}
 */
export function parseAnswer(text) {
  const data = /^data: ?(.*)$/m.exec(text);
  return JSON.parse(data?.[1] ?? text);
}

/**
 * @param {string} url
 * @param {{ headers: Record<string, string>, body: string }} what
 * @param {number} inFlight
 */
export function httpPoster(url, what, inFlight) {
  const { hostname, port, pathname } = new URL(url);
  const payload = Buffer.from(what.body);
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight, scheduling: "lifo" });
  const options = {
    host: hostname,
    port: Number(port),
    path: pathname,
    method: "POST",
    agent,
    headers: { ...what.headers, "content-length": String(payload.length) },
  };
  let expectedBytes = -1;

  /** @returns {Promise<{ status: number, bytes: number, chunks: Buffer[] }>} */
  const exchange = () =>
    new Promise((resolve, reject) => {
      const req = request(options, (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        let bytes = 0;
        res.on("data", (/** @type {Buffer} */ chunk) => {
          bytes += chunk.length;
          chunks.push(chunk);
        });
        res.on("error", reject);
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, chunks }));
      });
      req.on("error", reject);
      req.end(payload);
    });

  return {
    /** The first call's answer, whole; sets the length every later answer must have. */
    async first() {
      const answer = await exchange();
      const text = Buffer.concat(answer.chunks).toString("utf8");
      if (answer.status !== 200) throw new Error(`POST ${url}: ${answer.status} ${text.slice(0, 1_000)}`);
      expectedBytes = answer.bytes;
      return text;
    },
    /** One call; rejects on a status other than 200 or an answer of another length than the first. */
    async call() {
      const answer = await exchange();
      if (answer.status !== 200 || answer.bytes !== expectedBytes) {
        const text = Buffer.concat(answer.chunks).toString("utf8").slice(0, 1_000);
        throw new Error(`POST ${url}: ${answer.status}, ${answer.bytes} bytes (expected ${expectedBytes}): ${text}`);
      }
    },
    close: () => agent.destroy(),
  };
}
/** @typedef {ReturnType<typeof httpPoster>} HttpPoster */
