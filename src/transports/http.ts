import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener, RequestError } from "@hono/node-server";
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
 * Serves the Web-standard handler (http-handler.ts) on node:http, through `@hono/node-server`'s
 * request listener, which writes each Response as it is produced (headers at once, an SSE body
 * chunk by chunk, with backpressure; a JSON answer in one write with its length). Around it, what
 * this server promises and the listener does differently by design:
 * - a body over MAX_BODY_BYTES is answered 413 and its connection closed, without reading the rest
 *   (the listener would keep the connection and drain up to 64 MiB);
 * - a client that goes away does not cancel its call: the handler gets a Request without the
 *   listener's abort signal, and an SSE body is read to its end rather than cancelled (the SDK
 *   takes either as the end of the exchange and aborts the call). The call runs on, within
 *   V0_TIMEOUT_MS, and its answer is dropped.
 */
export async function serveHttp(options: HttpOptions): Promise<RunningHttpServer> {
  const { config, log } = options;
  let handler: FetchHandler | undefined;
  const inFlight = new InFlight();

  const listener = getRequestListener(
    async (request, { incoming }) => {
      const body = (incoming as WithBody).rawBody;
      // Not the listener's Request: its signal aborts when the client leaves, and the SDK would
      // then abort the call.
      const own = new Request(request.url, { method: request.method, headers: request.headers, body: body ?? null });
      return runsOn(await (handler as FetchHandler)(own), request);
    },
    {
      overrideGlobalObjects: false,
      hostname: "localhost", // for a request without Host (HTTP/1.0); the handler checks Host itself
      errorHandler: (error) => {
        if (error instanceof RequestError)
          return answer(400, -32600, "Bad request: no URL can be made of its target and Host");
        log.error(`HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
        return answer(500, -32603, "Internal error");
      },
    },
  );

  const http = createServer((req, res) => {
    if (!handler) return void res.writeHead(503).end();
    const exchange = {};
    inFlight.begin(exchange);
    res.on("close", () => inFlight.end(exchange));
    serve(listener, req, res).catch((error: unknown) => {
      log.error(`HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
      res.destroy();
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

/** The request, its body read already (hono's listener takes a body from `rawBody`). */
type WithBody = IncomingMessage & { rawBody?: Buffer };

/** Reads the body (bounded), then hands the exchange to the listener; over the bound, 413 and close. */
async function serve(
  listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  req: WithBody,
  res: ServerResponse,
): Promise<void> {
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req, MAX_BODY_BYTES);
  if (body === GONE) return;
  if (body === TOO_BIG) {
    res.writeHead(413, { "content-type": "application/json", connection: "close" });
    res.end(
      `{"jsonrpc":"2.0","error":{"code":-32000,"message":"Request body over ${MAX_BODY_BYTES} bytes"},"id":null}`,
    );
    return;
  }
  if (body !== undefined) req.rawBody = body;
  await listener(req, res);
}

const TOO_BIG = Symbol("too big");
const GONE = Symbol("gone");

/** The request body, or TOO_BIG as soon as it is over `limit` (declared or read), or GONE if the client left mid-body. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | typeof TOO_BIG | typeof GONE> {
  if (Number(req.headers["content-length"] ?? 0) > limit) return TOO_BIG;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return TOO_BIG;
      chunks.push(chunk as Buffer);
    }
  } catch {
    return GONE;
  }
  return Buffer.concat(chunks);
}

/**
 * The response, with an SSE body that is read to its end even once the client has gone (the
 * listener cancels a body when its connection closes). A `subscriptions/listen` stream has no
 * end; it is let go, which ends the subscription.
 */
function runsOn(response: Response, request: Request): Response {
  const type = response.headers.get("content-type") ?? "";
  if (!response.body || !type.startsWith("text/event-stream")) return response;
  if (request.headers.get("mcp-method") === "subscriptions/listen") return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      while (!(await reader.read().catch(() => ({ done: true }))).done) {}
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function answer(status: number, code: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status });
}
