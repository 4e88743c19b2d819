import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpConfig } from "../config/http.js";
import type { ServerFactory } from "../mcp/server.js";
import { InFlight } from "../process/in-flight.js";
import type { Logger } from "../process/log.js";
import type { Stoppable } from "../process/shutdown.js";
import { createHttpHandler, type FetchHandler, type HttpHandlerOptions, MAX_BODY_BYTES } from "./http-handler.js";

export interface HttpOptions {
  config: HttpConfig;
  log: Logger;
  newServer: ServerFactory;
  /** How long requests in progress may take to finish at shutdown. */
  drainMs: number;
  /** MCP_HTTP_AUTH=oauth: the authorization server, for the issuer (src/app.ts). */
  authorizationServer?: HttpHandlerOptions["authorizationServer"];
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
  handler = createHttpHandler({
    config,
    log,
    newServer: options.newServer,
    boundHost: host,
    boundPort: address.port,
    authorizationServer: options.authorizationServer,
  });

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
 * Reads the request body (bounded: over MAX_BODY_BYTES it answers 413 and closes the connection,
 * without reading the rest), hands the Web handler a Request, and writes its Response: a JSON answer
 * in one write with its length, an SSE stream as it is produced. A client that went away ends the
 * writing, not the work: the call runs on (within V0_TIMEOUT_MS) and its answer is dropped, and an
 * open stream's reader is cancelled.
 */
async function respond(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = hasBody(req) ? await readBody(req, MAX_BODY_BYTES) : undefined;
  if (body === TOO_BIG) {
    res.writeHead(413, { "content-type": "application/json", connection: "close" });
    res.end(
      `{"jsonrpc":"2.0","error":{"code":-32000,"message":"Request body over ${MAX_BODY_BYTES} bytes"},"id":null}`,
    );
    return;
  }
  const response = await handler(toRequest(req, body));
  if (res.destroyed) return void response.body?.cancel().catch(() => {});
  const headers = [...response.headers].flat();
  if (!response.body || (response.headers.get("content-type") ?? "").startsWith("application/json")) {
    const bytes = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
    if (res.destroyed) return;
    res.writeHead(response.status, [...headers, "content-length", String(bytes?.byteLength ?? 0)]);
    res.end(bytes);
    return;
  }
  res.writeHead(response.status, headers);
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

const TOO_BIG = Symbol("too big");

/** The request body, or TOO_BIG as soon as it is over `limit` (declared or read). */
async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | typeof TOO_BIG> {
  if (Number(req.headers["content-length"] ?? 0) > limit) return TOO_BIG;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return TOO_BIG;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toRequest(req: IncomingMessage, body: Uint8Array | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  // The URL's host is not the client's Host header (which may be anything): that is checked as a header.
  return new Request(new URL(req.url ?? "/", "http://localhost"), {
    method: req.method ?? "GET",
    headers,
    ...(body !== undefined && { body }),
  });
}

function hasBody(req: IncomingMessage): boolean {
  return req.method !== "GET" && req.method !== "HEAD";
}
