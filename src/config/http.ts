import { ConfigError, type Env, notShown } from "./errors.js";
import { type OAuthAuth, parseOAuthAuth } from "./oauth.js";
import type { ServerConfig } from "./server.js";
import { parseBindHost, parseOrigins, parsePort } from "./values.js";

export const DEFAULT_HTTP_HOST = "127.0.0.1";
export const DEFAULT_HTTP_PORT = 8787;
export const MIN_HTTP_TOKEN_LENGTH = 16;

/**
 * How HTTP callers authenticate (MCP_HTTP_AUTH): `token`, every client sends the server's own
 * MCP_HTTP_TOKEN and v0 is called with the server's V0_API_KEY; `v0-key`, each request's bearer is
 * the caller's own v0 API key, used for that request's v0 calls only; `oauth`, the server is an
 * OAuth 2.1 authorization server whose tokens stand for the v0 key a person pasted on its consent
 * page, used for that token's requests only.
 */
export type HttpAuth = { kind: "token"; token: string } | { kind: "v0-key" } | OAuthAuth;

/** The HTTP settings both HTTP entries share: the node:http server (`--http`) and the Web handler. */
export interface HttpSettings {
  auth: HttpAuth;
  /** Origins allowed to call (browsers send Origin); requests with any other Origin get 403. */
  allowedOrigins: readonly string[];
}

/** Where the node:http server listens, on top of the shared settings. */
export interface HttpConfig extends HttpSettings {
  kind: "http";
  host: string;
  port: number;
}

/** How the server is reached. */
export type TransportConfig = { kind: "stdio" } | HttpConfig;

/**
 * The settings of any HTTP entry, from the environment. Pure: throws ConfigError. `bindHost` is
 * where the node:http server listens; the Web handler has none.
 */
export function loadHttpSettings(env: Env, server: ServerConfig, bindHost?: string): HttpSettings {
  return {
    auth: parseHttpAuth(env, server, bindHost),
    allowedOrigins: parseOrigins(env.MCP_HTTP_ALLOWED_ORIGINS, "MCP_HTTP_ALLOWED_ORIGINS"),
  };
}

/** The node:http server's settings: the shared ones, and where to listen (--host/--port over the environment). */
export function loadHttpConfig(
  env: Env,
  server: ServerConfig,
  flags: { host?: string | undefined; port?: string | undefined } = {},
): HttpConfig {
  const rawHost = (flags.host ?? env.MCP_HTTP_HOST)?.trim();
  const rawPort = (flags.port ?? env.MCP_HTTP_PORT)?.trim();
  const host = rawHost ? parseBindHost(rawHost, "--host / MCP_HTTP_HOST") : DEFAULT_HTTP_HOST;
  return {
    kind: "http",
    ...loadHttpSettings(env, server, host),
    host,
    port: rawPort ? parsePort(rawPort, "--port / MCP_HTTP_PORT") : DEFAULT_HTTP_PORT,
  };
}

/** The secrets an HTTP configuration holds, for the one scrubbing rule. */
export function httpSecrets(settings: HttpSettings | undefined): string[] {
  const auth = settings?.auth;
  if (auth?.kind === "token") return [auth.token];
  return auth?.kind === "oauth" ? [...auth.secrets] : [];
}

function parseHttpAuth(env: Env, server: ServerConfig, bindHost: string | undefined): HttpAuth {
  const mode = env.MCP_HTTP_AUTH?.trim().toLowerCase() || "token";
  const token = env.MCP_HTTP_TOKEN?.trim();
  if (mode === "v0-key" || mode === "oauth") {
    if (server.sandbox) {
      throw new ConfigError(
        `MCP_HTTP_AUTH=${mode} with --sandbox would let any ${mode === "oauth" ? "key pasted on the consent page" : "bearer"} into one shared in-memory account: use MCP_HTTP_TOKEN for a hosted sandbox`,
      );
    }
    // Each caller's own key is used for its requests; the server holds no v0 key of its own.
    if (server.apiKey || token) {
      throw new ConfigError(
        mode === "oauth"
          ? "MCP_HTTP_AUTH=oauth calls v0 with the key each person pastes on the consent page: unset V0_API_KEY and MCP_HTTP_TOKEN, which would otherwise sit unused in the server's environment"
          : "MCP_HTTP_AUTH=v0-key takes each caller's own v0 key from its Authorization header: unset V0_API_KEY and MCP_HTTP_TOKEN, which would otherwise sit unused in the server's environment",
      );
    }
    return mode === "oauth" ? parseOAuthAuth(env, bindHost) : { kind: "v0-key" };
  }
  if (mode !== "token")
    throw new ConfigError(`MCP_HTTP_AUTH must be token, v0-key or oauth ${notShown(env.MCP_HTTP_AUTH ?? "")}`);
  if (!token) {
    throw new ConfigError(
      `HTTP needs MCP_HTTP_TOKEN: clients must send "Authorization: Bearer <token>". Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('hex'))" (or set MCP_HTTP_AUTH=v0-key for each caller to send their own v0 API key)`,
    );
  }
  if (token.length < MIN_HTTP_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ConfigError(
      `MCP_HTTP_TOKEN must be at least ${MIN_HTTP_TOKEN_LENGTH} printable characters without spaces`,
    );
  }
  if (server.apiKey && token === server.apiKey) {
    throw new ConfigError("MCP_HTTP_TOKEN must not be the v0 API key: clients would then hold the key");
  }
  return { kind: "token", token };
}
