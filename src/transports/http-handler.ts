import { createMcpHandler, localhostAllowedHostnames, validateHostHeader } from "@modelcontextprotocol/server";
import type { HttpSettings } from "../config/http.js";
import type { ServerFactory } from "../mcp/server.js";
import type { AuthorizationServer } from "../oauth/index.js";
import { isLoopbackHost } from "../policy/destination.js";
import type { Logger } from "../process/log.js";
import { quoted } from "../text/inert.js";
import { createRedactor } from "../text/redact.js";

/** Requests with a larger body get 413: no tool call comes close. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpHandlerOptions {
  config: HttpSettings;
  log: Logger;
  newServer: ServerFactory;
  /**
   * The address the server is bound to, as a Host header names it (`127.0.0.1`, `[::1]`), where it
   * is known (node:http); a loopback address turns on the DNS-rebinding Host check.
   */
  boundHost?: string;
  /** The port bound (node:http): with boundHost, the issuer of oauth mode when MCP_PUBLIC_URL is unset. */
  boundPort?: number;
  /** MCP_HTTP_AUTH=oauth: the authorization server for an issuer (src/app.ts builds it). */
  authorizationServer?: ((issuer: string) => AuthorizationServer) | undefined;
}

export type FetchHandler = (request: Request) => Promise<Response>;

/** The request headers a browser client may send, and the response headers it may read (CORS). */
const ALLOWED_HEADERS =
  "Authorization, Content-Type, Accept, MCP-Protocol-Version, Mcp-Method, Mcp-Name, Mcp-Session-Id, Last-Event-ID";
const EXPOSED_HEADERS = "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate";

/**
 * MCP over Streamable HTTP at `/mcp`, as a Web-standard `(Request) => Response` handler, the same on
 * Node (`--http`), Workers, Vercel, Deno and Bun: the SDK's `createMcpHandler` serves both protocol
 * generations (2026-07-28 per request, 2025-era stateless), a fresh server per request, nothing
 * shared between requests, so any number of instances can sit behind a load balancer. In front of
 * it, this server's own rules:
 * - `GET /healthz` answers 200;
 * - a request carrying an Origin needs an allowed one (403 otherwise), and gets CORS headers; a
 *   preflight (`OPTIONS`) is answered without credentials;
 * - a server bound to a loopback address takes only loopback Host names (DNS rebinding);
 * - every /mcp request needs `Authorization: Bearer`: the server's token (compared in constant
 *   time), or with MCP_HTTP_AUTH=v0-key the caller's own v0 key, handed to the server factory as
 *   `authInfo` for that request's v0 calls and never logged. With the token, v0 is called with the
 *   server's own key: a client's token never goes to v0.
 * - with MCP_HTTP_AUTH=oauth, the authorization server (src/oauth) answers its own paths (the
 *   well-known metadata, /authorize, /token, /register, /revoke) with its own CORS and CSRF rules,
 *   after the loopback Host check and before the Origin check (a consent form posts with
 *   `Origin: null`); /mcp takes only its access tokens, whose v0 key becomes `authInfo.token`, and
 *   answers anything else with 401 and `WWW-Authenticate: Bearer resource_metadata="…"`.
 */
export function createHttpHandler(options: HttpHandlerOptions): FetchHandler {
  const { config, log } = options;
  const { auth } = config;
  const expected = auth.kind === "token" ? new TextEncoder().encode(auth.token) : undefined;
  const loopbackHosts =
    options.boundHost !== undefined && isLoopbackHost(options.boundHost)
      ? [...localhostAllowedHostnames(), options.boundHost.toLowerCase()]
      : undefined;
  // Per-user keys of the requests in flight: the SDK's messages can repeat what a client sent, so
  // they are scrubbed of every key the server is holding right now (the logger knows only its own).
  const bearers = new Set<string>();
  const oauth = auth.kind === "oauth" ? authorizationServerOf(options, auth.publicUrl) : undefined;
  if (oauth) log.info(`OAuth: clients find how to sign in at ${oauth.resourceMetadataUrl}`);
  const mcp = createMcpHandler(options.newServer, {
    maxRequestBodySize: MAX_BODY_BYTES,
    onerror: (error) => log.warn(`HTTP: ${createRedactor([...bearers])(error.message)}`),
  });

  const route = async (request: Request): Promise<Response> => {
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
    const refused = checkHost(request);
    if (refused) return refused;
    if (request.method === "OPTIONS" && request.headers.get("origin") !== null) {
      return new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-methods": "POST, GET, DELETE, OPTIONS",
          "access-control-allow-headers": ALLOWED_HEADERS,
          "access-control-max-age": "600",
        },
      });
    }
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (auth.kind === "token") {
      if (bearer === undefined || !equal(new TextEncoder().encode(bearer), expected as Uint8Array)) {
        return unauthorized("send Authorization: Bearer <MCP_HTTP_TOKEN>");
      }
      return mcp.fetch(request);
    }
    if (oauth) {
      if (bearer === undefined) {
        return unauthorized(
          "sign in: this server takes OAuth access tokens (see the resource_metadata)",
          oauth.challenge(),
        );
      }
      const check = await oauth.verifyAccessToken(bearer);
      if (!check.ok) return unauthorized(`${check.reason}; sign in again`, oauth.challenge("invalid_token"));
      return withBearers([bearer, check.v0Key], () =>
        mcp.fetch(request, {
          authInfo: { token: check.v0Key, clientId: check.clientId, scopes: [], expiresAt: check.expiresAt },
        }),
      );
    }
    // A v0 key is printable and at least 8 characters; anything else is not worth a v0 request.
    if (bearer === undefined || bearer.length < 8) return unauthorized("send Authorization: Bearer <your v0 API key>");
    return withBearers([bearer], () =>
      mcp.fetch(request, { authInfo: { token: bearer, clientId: "v0-key", scopes: [] } }),
    );
  };

  /** A loopback-bound server takes only loopback Host names (DNS rebinding): the 403, or undefined. */
  const checkHost = (request: Request): Response | undefined => {
    if (!loopbackHosts || validateHostHeader(request.headers.get("host"), loopbackHosts).ok) return undefined;
    log.warn(`refused a request for host ${shown(request.headers.get("host") ?? "", request)}`);
    return reject(
      403,
      -32000,
      "Forbidden: this server is bound to a loopback address and takes only loopback Host names (a reverse proxy must send the upstream address as Host)",
    );
  };

  /** Runs a request whose secrets (a v0 key, an access token) the SDK's error messages are scrubbed of meanwhile. */
  const withBearers = async (secrets: string[], run: () => Promise<Response>): Promise<Response> => {
    for (const secret of secrets) bearers.add(secret);
    try {
      return await run();
    } finally {
      for (const secret of secrets) bearers.delete(secret);
    }
  };

  return async (request) => {
    const path = new URL(request.url).pathname;
    if (oauth && path !== "/mcp" && path !== "/healthz") {
      const answer = checkHost(request) ?? (await oauth.handle(request));
      if (answer) return answer;
    }
    const origin = request.headers.get("origin");
    if (origin !== null && !config.allowedOrigins.includes(origin)) {
      log.warn(`refused a request from origin ${shown(origin, request)}`);
      return reject(403, -32000, "Forbidden: this Origin is not in MCP_HTTP_ALLOWED_ORIGINS");
    }
    const response = await route(request);
    return origin === null ? response : withCors(response, origin);
  };
}

/**
 * A header value a client sent, for a log line: scrubbed of the request's own bearer (which may
 * be a v0 key) before it is cut, then quoted and made inert.
 */
function shown(value: string, request: Request): string {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  return quoted(createRedactor([bearer])(value), 100);
}

/** The response, readable by a page from `origin` (an allowed one). */
function withCors(response: Response, origin: string): Response {
  const headers = new Headers(response.headers);
  headers.set("access-control-allow-origin", origin);
  headers.set("access-control-expose-headers", EXPOSED_HEADERS);
  headers.append("vary", "Origin");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function unauthorized(what: string, challenge = 'Bearer realm="v0-webhooks-mcp"'): Response {
  return reject(401, -32001, `Unauthorized: ${what}`, { "www-authenticate": challenge });
}

/**
 * The authorization server of oauth mode, for MCP_PUBLIC_URL or, on a loopback bind without it,
 * the address bound (the config layer allows nothing else).
 */
function authorizationServerOf(options: HttpHandlerOptions, publicUrl: string | undefined): AuthorizationServer {
  const issuer =
    publicUrl ??
    (options.boundHost !== undefined && options.boundPort !== undefined
      ? `http://${options.boundHost}:${options.boundPort}`
      : undefined);
  if (!issuer || !options.authorizationServer) {
    throw new Error("MCP_HTTP_AUTH=oauth needs MCP_PUBLIC_URL and an authorization server");
  }
  return options.authorizationServer(issuer);
}

/**
 * Constant-time comparison of the bearer with the token: every byte of the token is compared
 * whatever the bearer holds, and a length difference counts as a difference, so the time taken
 * says nothing about how much of a guess was right. (A hash per request cost more than the check.)
 */
function equal(given: Uint8Array, expected: Uint8Array): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= (given[i] ?? 0) ^ (expected[i] ?? 0);
  return difference === 0;
}

function reject(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    { jsonrpc: "2.0", error: { code, message }, id: null },
    { status, headers: { "content-type": "application/json", ...headers } },
  );
}
