import { once } from "node:events";
import { type IncomingMessage, request } from "node:http";
import { Server } from "@modelcontextprotocol/server";
import { afterEach, describe, expect, it } from "vitest";
import type { HttpConfig } from "../../src/config/http.js";
import type { Logger } from "../../src/process/log.js";
import { type RunningHttpServer, serveHttp } from "../../src/transports/http.js";

/*
 * The node:http glue (src/transports/http.ts) in process, with a server whose one tool sends a
 * notification and then waits to be released: an SSE answer must reach the client as it is
 * produced, and a client that leaves must not cancel the call it started.
 */
const TOKEN = "unit-token-0123456789abcdef";
const config: HttpConfig = {
  kind: "http",
  host: "127.0.0.1",
  port: 0,
  auth: { kind: "token", token: TOKEN },
  allowedOrigins: [],
};
const log: Logger = { info: () => {}, warn: () => {}, error: () => {} };

function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * A server whose tool `slow` says it has started (in process, and to the client with a progress
 * notification when `notify`), then waits for `release`; `finished` says whether its signal aborted.
 */
function slowTool(notify: boolean) {
  const started = deferred();
  const release = deferred();
  const finished = deferred<{ aborted: boolean }>();
  const newServer = () => {
    const server = new Server({ name: "slow", version: "1" }, { capabilities: { tools: {} } });
    server.setRequestHandler("tools/list", () => ({ tools: [] }));
    server.setRequestHandler("tools/call", async (_request, context) => {
      let aborted = context.mcpReq.signal.aborted;
      context.mcpReq.signal.addEventListener("abort", () => {
        aborted = true;
      });
      if (notify) {
        await context.mcpReq.notify({ method: "notifications/progress", params: { progressToken: "p", progress: 1 } });
      }
      started.resolve();
      await release.promise;
      finished.resolve({ aborted });
      return { content: [{ type: "text", text: "done" }] };
    });
    return server;
  };
  return { newServer, started: started.promise, release: release.resolve, finished: finished.promise };
}

let running: RunningHttpServer | undefined;
afterEach(async () => {
  await running?.close({ drain: false, reason: "test over" });
  running = undefined;
});

type Era = "2025-06-18" | "2026-07-28";
const modernMeta = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "unit", version: "1" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

/** A tools/call of `slow` as a raw node:http request: 2025-era (answered over SSE) or 2026-07-28. */
function callSlow(url: string, era: Era) {
  const modern = era === "2026-07-28";
  const req = request(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": era,
      ...(modern && { "mcp-method": "tools/call", "mcp-name": "slow" }),
    },
  });
  req.on("error", () => {}); // the test may destroy it
  const meta = { progressToken: "p", ...(modern && modernMeta) };
  req.end(
    JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "slow", arguments: {}, _meta: meta },
    }),
  );
  return req;
}

/** Reads `response` until its text so far satisfies `done`; resolves with that text. */
function readUntil(response: IncomingMessage, done: (text: string) => boolean, text = ""): Promise<string> {
  response.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    if (done(text)) return resolve(text);
    const onData = (chunk: string) => {
      text += chunk;
      if (!done(text)) return;
      response.off("data", onData);
      response.pause();
      resolve(text);
    };
    response.on("data", onData);
    response.once("end", () => (done(text) ? resolve(text) : reject(new Error(`ended with: ${text}`))));
    response.resume();
  });
}

describe("serveHttp", () => {
  it.each<Era>(["2025-06-18", "2026-07-28"])(
    "streams an SSE answer as it is produced (%s): the tool's notification arrives while the tool still runs",
    async (era) => {
      const slow = slowTool(true);
      running = await serveHttp({ config, log, newServer: slow.newServer, drainMs: 1000 });
      const req = callSlow(running.url, era);
      const [response] = (await once(req, "response")) as [IncomingMessage];
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("text/event-stream");
      const early = await readUntil(response, (text) => text.includes("notifications/progress"));
      expect(early).not.toContain('"result"');
      slow.release();
      const all = await readUntil(response, (text) => text.includes('"result"'), early);
      expect(all).toContain('"text":"done"');
      expect(await slow.finished).toEqual({ aborted: false });
    },
  );

  it.each<[Era, boolean]>([
    ["2025-06-18", false],
    ["2025-06-18", true],
    ["2026-07-28", false],
    ["2026-07-28", true],
  ])(
    "does not cancel a call whose client left (%s, notification sent: %s): the tool runs to its end",
    async (era, notify) => {
      const slow = slowTool(notify);
      running = await serveHttp({ config, log, newServer: slow.newServer, drainMs: 1000 });
      const req = callSlow(running.url, era);
      await slow.started;
      req.destroy();
      // A round trip on another connection: by its answer the server has seen the first one close.
      expect((await fetch(running.url.replace(/\/mcp$/, "/healthz"))).status).toBe(200);
      slow.release();
      expect(await slow.finished).toEqual({ aborted: false });
    },
  );
});
