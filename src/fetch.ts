import { createApp } from "./app.js";
import { ConfigError, type Env } from "./config/errors.js";
import { loadHttpSettings } from "./config/http.js";
import { loadServerConfig } from "./config/server.js";
import { KvOAuthStore } from "./oauth/index.js";
import type { KvNamespaceLike } from "./oauth/kv-store.js";
import { createHttpHandler } from "./transports/http-handler.js";
import { fetchSend } from "./v0/fetch-send.js";

export type { Env, KvNamespaceLike };
export { ConfigError };

/**
 * A Web-standard request handler. Spelled out here rather than re-exported from the transport, and
 * KvNamespaceLike taken from its own file, so the published declarations (dist/fetch.d.ts, emitted
 * from this file by scripts/build.mjs) need only a few small ones beside them, nothing from the SDK.
 */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * The environment as a platform hands it over: strings (the variables), and on Workers bindings
 * too. `MCP_OAUTH_KV`, a Workers KV namespace, is where MCP_HTTP_AUTH=oauth remembers used codes
 * and refresh-token families across isolates.
 */
export type FetchEnv = Readonly<Record<string, unknown>> & { MCP_OAUTH_KV?: KvNamespaceLike | undefined };

/**
 * `import { createFetchHandler } from "v0-webhooks-mcp/fetch"`: this MCP server as a Web-standard
 * `(Request) => Promise<Response>` handler, for platforms that scale stateless handlers (Vercel
 * Functions and Edge, Cloudflare Workers, Deno Deploy, Bun) or any fetch-shaped server.
 *
 * `env` holds the same variables as the CLI, as a plain object: `process.env` on Node and Vercel,
 * the `env` binding on Workers. It serves MCP at `/mcp` (and `GET /healthz`), stateless: build the
 * handler once per isolate and call it for every request. Set MCP_HTTP_TOKEN (every client sends
 * it, and v0 is called with V0_API_KEY), MCP_HTTP_AUTH=v0-key (each caller sends its own v0 API
 * key), or MCP_HTTP_AUTH=oauth with MCP_OAUTH_SECRET and MCP_PUBLIC_URL (people sign in with their
 * own v0 key: Claude.ai, ChatGPT and other OAuth clients). A bad configuration throws a
 * `ConfigError` saying what to fix. It uses only Web APIs (fetch, Request, Response,
 * crypto.subtle, TextEncoder); logs go to `console.error`.
 */
export function createFetchHandler(env: FetchEnv): FetchHandler {
  const variables = stringsOf(env);
  const config = loadServerConfig(variables);
  const http = loadHttpSettings(variables, config);
  const kv = env.MCP_OAUTH_KV;
  const { newServer, log, authorizationServer } = createApp(config, http, {
    write: (line) => console.error(line.trimEnd()),
    loadSend: async () => fetchSend,
    ...(kv && { oauthStore: new KvOAuthStore(kv) }),
  });
  if (http.auth.kind === "oauth" && !kv) {
    log.warn(
      "MCP_HTTP_AUTH=oauth without a MCP_OAUTH_KV binding: used codes and refresh tokens are remembered by this isolate only (docs/hosting.md says what a multi-instance deployment needs)",
    );
  }
  return createHttpHandler({ config: http, log, newServer, authorizationServer });
}

/** The string-valued entries of the environment: bindings (objects) are not configuration. */
function stringsOf(env: FetchEnv): Env {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
