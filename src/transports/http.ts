import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerFactory } from "../mcp/server.js";
import { InFlight } from "../process/in-flight.js";
import type { Logger } from "../process/log.js";
import type { Stoppable } from "../process/shutdown.js";
import type { HttpConfig } from "./config.js";
import { createHttpHandler, type FetchHandler } from "./http-handler.js";

export interface HttpOptions {
  config: HttpConfig;
  log: Logger;
  newServer: ServerFactory;
  /** How long requests in progress may take to finish at shutdown. */
  drainMs: number;
}

export interface RunningHttpServer extends Stoppable {
  url: string;
}

/**
 * Serves the Web-standard handler (http-handler.ts) on node:http. The adapter streams each
 * response body as it is produced (a 2026-07-28 `subscriptions/listen` answer is an open SSE
 * stream), and stops writing, without cancelling the request, when the client goes away.
 */
export async function serveHttp(options: HttpOptions): Promise<RunningHttpServer> {
  const { config, log } = options;
  let handler: FetchHandler | undefined;
  const inFlight = new InFlight();

  const http = createServer((req, res) => {
    if (!handler) return void res.writeHead(503).end();
    const exchange = {};
    inFlight.begin(exchange);
    res.on("close", () => inFlight.end(exchange));
    respond(handler, req, res).catch((error: unknown) => {
      log.error(`HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end('{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":null}');
      } else res.destroy(); // a stream cut short must not look complete
    });
  });

  http.listen(config.port, config.host);
  await once(http, "listening");
  const address = http.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  // Loopback or not is read off the address actually bound (`--host 127.1` binds 127.0.0.1).
  handler = createHttpHandler({ config, log, newServer: options.newServer, boundHost: host });

  return {
    url: `http://${host}:${address.port}/mcp`,
    /** Stops accepting, lets requests in progress finish (up to drainMs), then closes every connection. */
    async close({ drain, reason }) {
      http.close();
      http.closeIdleConnections();
      if (drain) await inFlight.drain(options.drainMs, log, reason);
      http.closeAllConnections();
    },
  };
}

/**
 * Writes the handler's Response. A client that went away ends the writing, not the work: the call
 * runs on (within V0_TIMEOUT_MS) and its answer is dropped, and an open stream's reader is
 * cancelled. A request whose body was not read to the end (a 413) closes the connection, so the
 * rest of an oversized upload is not read.
 */
async function respond(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const response = await handler(toRequest(req, res));
  if (res.destroyed) return void response.body?.cancel().catch(() => {});
  const headers = [...response.headers].flat();
  if (hasBody(req) && !req.readableEnded) headers.push("connection", "close");
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // The client went away: stop reading the body (an SSE stream would never end by itself).
  const gone = new Promise<void>((resolve) => res.once("close", resolve));
  void gone.then(() => reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done || res.destroyed) break;
    if (!res.write(value)) await Promise.race([new Promise((resolve) => res.once("drain", resolve)), gone]);
    if (res.destroyed) return;
  }
  if (!res.destroyed) res.end();
}

function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }

  // The URL's host is not the client's Host header (which may be anything): that is checked as a header.
  return new Request(new URL(req.url ?? "/", "http://localhost"), {
    method: req.method ?? "GET",
    headers,
    ...(hasBody(req) && { body: bodyStream(req, res), duplex: "half" }),
  } as RequestInit);
}

function hasBody(req: IncomingMessage): boolean {
  return req.method !== "GET" && req.method !== "HEAD";
}

/**
 * The request body as a Web stream, read as the handler asks for it. What the handler leaves
 * unread (a 413 answered from Content-Length) is discarded once the response is sent, so the
 * connection can carry the client's next request.
 */
function bodyStream(req: IncomingMessage, res: ServerResponse): ReadableStream<Uint8Array> {
  let discard = false;
  const drop = () => {
    discard = true;
    req.resume();
  };
  res.once("finish", drop);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        if (discard) return;
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => {
        if (!discard) controller.close();
      });
      req.once("error", (error) => {
        if (!discard) controller.error(error);
      });
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel: drop,
  });
}
