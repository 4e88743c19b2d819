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
  const handler = createHttpHandler({ config, log, newServer: options.newServer });
  const inFlight = new InFlight();

  const http = createServer((req, res) => {
    const exchange = {};
    inFlight.begin(exchange);
    res.on("close", () => inFlight.end(exchange));
    respond(handler, req, res).catch((error: unknown) => {
      log.error(`HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end('{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":null}');
      } else res.end();
    });
  });

  http.listen(config.port, config.host);
  await once(http, "listening");
  const address = http.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

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

async function respond(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const response = await handler(toRequest(req, res));
  res.writeHead(response.status, [...response.headers].flat());
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // The client went away: stop reading the body (an SSE stream would never end by itself).
  res.on("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
    if (res.destroyed) return;
  }
  res.end();
}

function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  // The URL's host is not the client's Host header (which may be anything): that is checked as a header.
  return new Request(new URL(req.url ?? "/", "http://localhost"), {
    method: req.method ?? "GET",
    headers,
    ...(hasBody && { body: bodyStream(req, res), duplex: "half" }),
  } as RequestInit);
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
