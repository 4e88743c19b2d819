import { createHash, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { HttpConfig } from "../config.js";
import type { Logger } from "../log.js";

/** Requests with a larger body get 413: no tool call comes close. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpOptions {
  config: HttpConfig;
  log: Logger;
  /** A fresh MCP server for one request (stateless mode). */
  newServer: () => Server;
  /** How long requests in progress may take to finish at shutdown. */
  drainMs: number;
}

export interface RunningHttpServer {
  url: string;
  /** Stops accepting, lets requests in progress finish (up to drainMs), then closes. */
  close(): Promise<void>;
}

/**
 * MCP over Streamable HTTP at `POST /mcp`, stateless: every request gets a fresh server and
 * transport and nothing is shared between requests, so any number of instances can sit behind a
 * load balancer. `GET /healthz` answers 200. Every /mcp request needs the bearer token
 * (compared in constant time) and, when it carries an Origin, an allowed one (DNS-rebinding
 * protection). The v0 key is the server's own: a client's token is never passed to v0.
 */
export async function serveHttp(options: HttpOptions): Promise<RunningHttpServer> {
  const { config, log } = options;
  const expected = digest(config.token);
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const http = createServer((req, res) => {
    inFlight++;
    res.on("close", () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    handle(req, res).catch((error: unknown) => {
      log.error(`HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) reject(res, 500, -32603, "Internal error");
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz") {
      if (req.method !== "GET" && req.method !== "HEAD") return reject(res, 405, -32000, "Method not allowed", "GET");
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : '{"status":"ok"}');
      return;
    }
    if (path !== "/mcp") return reject(res, 404, -32000, "Not found: MCP is served at POST /mcp");

    const origin = req.headers.origin;
    if (origin !== undefined && !config.allowedOrigins.includes(origin)) {
      log.warn(`refused a request from origin ${JSON.stringify(origin.slice(0, 100))}`);
      return reject(res, 403, -32000, "Forbidden: this Origin is not in MCP_HTTP_ALLOWED_ORIGINS");
    }
    if (!authorized(req.headers.authorization, expected)) {
      res.setHeader("www-authenticate", 'Bearer realm="v0-webhooks-mcp"');
      return reject(res, 401, -32001, "Unauthorized: send Authorization: Bearer <MCP_HTTP_TOKEN>");
    }
    if (req.method !== "POST") {
      return reject(res, 405, -32000, "Method not allowed: this stateless server takes POST /mcp only", "POST");
    }
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > MAX_BODY_BYTES) return reject(res, 413, -32000, `Request body over ${MAX_BODY_BYTES} bytes`);
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === undefined) return reject(res, 413, -32000, `Request body over ${MAX_BODY_BYTES} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return reject(res, 400, -32700, "Parse error: the body is not JSON");
    }

    const server = options.newServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  http.listen(config.port, config.host);
  await once(http, "listening");
  const address = http.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/mcp`;

  return {
    url,
    async close() {
      http.close();
      http.closeIdleConnections();
      if (inFlight > 0) {
        log.info(`waiting up to ${options.drainMs} ms for ${inFlight} request(s) in progress`);
        await Promise.race([
          new Promise<void>((resolve) => {
            idle = resolve;
          }),
          new Promise<void>((resolve) => setTimeout(resolve, options.drainMs).unref()),
        ]);
      }
      http.closeAllConnections();
    },
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Constant-time comparison of the bearer token (hashing first hides the length too). */
function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}

function reject(res: ServerResponse, status: number, code: number, message: string, allow?: string): void {
  res.writeHead(status, { "content-type": "application/json", ...(allow ? { allow } : {}) });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

/** The body, or undefined when it is larger than the limit. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
