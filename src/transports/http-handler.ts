import { createMcpHandler, localhostAllowedHostnames, validateHostHeader } from "@modelcontextprotocol/server";
import type { ServerFactory } from "../mcp/server.js";
import { isLoopbackHost } from "../policy/destination.js";
import type { Logger } from "../process/log.js";
import type { HttpConfig } from "./config.js";

/** Requests with a larger body get 413: no tool call comes close. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpHandlerOptions {
  config: Pick<HttpConfig, "token" | "allowedOrigins">;
  /** The address the server is bound to, as a Host header names it (`127.0.0.1`, `[::1]`). */
  boundHost: string;
  log: Logger;
  newServer: ServerFactory;
}

export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * MCP over Streamable HTTP at `/mcp`, as a Web-standard `(Request) => Response` handler: the SDK's
 * `createMcpHandler` serves both protocol generations (2026-07-28 per request, 2025-era stateless),
 * a fresh server per request, nothing shared between requests, so any number of instances can sit
 * behind a load balancer. In front of it, this server's own rules: `GET /healthz` answers 200;
 * every /mcp request needs the bearer token (compared in constant time); a request carrying an
 * Origin needs an allowed one; a server bound to a loopback address takes only loopback Host names
 * (both: DNS-rebinding protection). The v0 key is the server's own: a client's token never goes to v0.
 */
export function createHttpHandler(options: HttpHandlerOptions): FetchHandler {
  const { config, log } = options;
  const expected = digest(config.token);
  const loopbackHosts = isLoopbackHost(options.boundHost)
    ? [...localhostAllowedHostnames(), options.boundHost.toLowerCase()]
    : undefined;
  const mcp = createMcpHandler(options.newServer, {
    maxRequestBodySize: MAX_BODY_BYTES,
    onerror: (error) => log.warn(`HTTP: ${error.message}`),
  });

  return async (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/healthz") {
      if (request.method !== "GET" && request.method !== "HEAD") {
        return reject(405, -32000, "Method not allowed", { allow: "GET, HEAD" });
      }
      return new Response(request.method === "HEAD" ? null : '{"status":"ok"}', {
        headers: { "content-type": "application/json", "cache-control": "no-store" },
      });
    }
    if (path !== "/mcp") return reject(404, -32000, "Not found: MCP is served at POST /mcp");

    if (loopbackHosts) {
      const host = validateHostHeader(request.headers.get("host"), loopbackHosts);
      if (!host.ok) {
        log.warn(`refused a request for host ${JSON.stringify(request.headers.get("host")?.slice(0, 100) ?? "")}`);
        return reject(
          403,
          -32000,
          "Forbidden: this server is bound to a loopback address and takes only localhost Host names",
        );
      }
    }
    const origin = request.headers.get("origin");
    if (origin !== null && !config.allowedOrigins.includes(origin)) {
      log.warn(`refused a request from origin ${JSON.stringify(origin.slice(0, 100))}`);
      return reject(403, -32000, "Forbidden: this Origin is not in MCP_HTTP_ALLOWED_ORIGINS");
    }
    if (!(await authorized(request.headers.get("authorization"), await expected))) {
      return reject(401, -32001, "Unauthorized: send Authorization: Bearer <MCP_HTTP_TOKEN>", {
        "www-authenticate": 'Bearer realm="v0-webhooks-mcp"',
      });
    }
    return mcp.fetch(request);
  };
}

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
}

/** Constant-time comparison of the bearer token (hashing first hides the length too). */
async function authorized(header: string | null, expected: Uint8Array): Promise<boolean> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (match?.[1] === undefined) return false;
  const given = await digest(match[1]);
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= (given[i] ?? 0) ^ (expected[i] ?? 0);
  return difference === 0;
}

function reject(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    { jsonrpc: "2.0", error: { code, message }, id: null },
    { status, headers: { "content-type": "application/json", ...headers } },
  );
}
