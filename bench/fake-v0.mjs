// @ts-check
// A minimal, fast fake of the v0 hooks API for `npm run bench`, run as its own process so its work
// never shares an event loop with the bench's client. Listens on 127.0.0.1, port 0, and prints one
// JSON line (FakeReady) on stdout. Exits when its stdin closes (the bench went away).
//
// - GET  /v2/hooks       → a fixed list of SEED_COUNT summaries (it never grows, so every
//                          create_webhook costs the same no matter how many ran before)
// - GET  /v2/hooks/{id}  → the seeded webhook, or 404
// - POST /v2/hooks       → the body echoed back as a new webhook with a fresh id (not stored)
// Every request must carry `Authorization: Bearer $BENCH_V0_KEY`, like v0.
import { createServer } from "node:http";

/**
 * What the fake prints on stdout once it listens.
 * @typedef {{ port: number, baseUrl: string, hookIds: string[] }} FakeReady
 */

const SEED_COUNT = 3;
const CREATED_AT = "2026-11-29T12:00:00.000Z";
const key = process.env.BENCH_V0_KEY ?? "";
const authorization = `Bearer ${key}`;

const hooks = Array.from({ length: SEED_COUNT }, (_, i) => ({
  id: `hook_bench_${i}`,
  createdAt: CREATED_AT,
  name: `Seeded webhook ${i}`,
  events: ["message.finished"],
  url: `https://bench.example.com/seeded/${i}`,
  chatId: null,
}));
const listBody = JSON.stringify(hooks.map(({ id, name }) => ({ id, name })));
/** @type {Map<string, string>} path → precomputed body */
const hookBodies = new Map(hooks.map((hook) => [`/v2/hooks/${hook.id}`, JSON.stringify(hook)]));
const NOT_FOUND = JSON.stringify({ message: "Webhook not found" });
let created = 0;

/**
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} body
 */
function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  const url = req.url ?? "";
  if (req.headers.authorization !== authorization) {
    req.resume();
    return send(res, 401, JSON.stringify({ message: "Invalid API key" }));
  }
  if (req.method === "GET") {
    req.resume();
    if (url === "/v2/hooks") return send(res, 200, listBody);
    const body = hookBodies.get(url);
    return body === undefined ? send(res, 404, NOT_FOUND) : send(res, 200, body);
  }
  if (req.method === "POST" && url === "/v2/hooks") {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on("data", (/** @type {Buffer} */ chunk) => chunks.push(chunk));
    req.on("end", () => {
      /** @type {{ name?: unknown, events?: unknown, url?: unknown, chatId?: unknown }} */
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(res, 400, JSON.stringify({ message: "Invalid JSON" }));
      }
      created++;
      send(
        res,
        200,
        JSON.stringify({
          id: `hook_new_${created}`,
          createdAt: CREATED_AT,
          name: body.name,
          events: body.events,
          url: body.url,
          chatId: body.chatId ?? null,
        }),
      );
    });
    return;
  }
  req.resume();
  send(res, 405, JSON.stringify({ message: "Method not allowed" }));
});
// Keep-alive connections stay open for the whole run, so no contender pays for reconnects.
server.keepAliveTimeout = 600_000;
server.headersTimeout = 0;
server.requestTimeout = 0;

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake-v0: no TCP address");
  /** @type {FakeReady} */
  const ready = {
    port: address.port,
    baseUrl: `http://127.0.0.1:${address.port}/v2`,
    hookIds: hooks.map((hook) => hook.id),
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
});

process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
process.on("SIGTERM", () => process.exit(0));
