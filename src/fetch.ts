import { createApp } from "./app.js";
import { ConfigError, type Env } from "./config/errors.js";
import { loadHttpSettings } from "./config/http.js";
import { loadServerConfig } from "./config/server.js";
import { createHttpHandler, type FetchHandler } from "./transports/http-handler.js";
import { fetchSend } from "./v0/fetch-send.js";

export type { Env, FetchHandler };
export { ConfigError };

/**
 * `import { createFetchHandler } from "v0-webhooks-mcp/fetch"`: this MCP server as a Web-standard
 * `(Request) => Promise<Response>` handler, for platforms that scale stateless handlers (Vercel
 * Functions and Edge, Cloudflare Workers, Deno Deploy, Bun) or any fetch-shaped server.
 *
 * `env` holds the same variables as the CLI, as a plain object: `process.env` on Node and Vercel,
 * the `env` binding on Workers. It serves MCP at `/mcp` (and `GET /healthz`), stateless: build the
 * handler once per isolate and call it for every request. Set MCP_HTTP_TOKEN (every client sends
 * it, and v0 is called with V0_API_KEY), or MCP_HTTP_AUTH=v0-key (each caller sends its own v0 API
 * key). A bad configuration throws a `ConfigError` saying what to fix. It uses only Web APIs
 * (fetch, Request, Response, crypto.subtle, TextEncoder); logs go to `console.error`.
 */
export function createFetchHandler(env: Env): FetchHandler {
  const config = loadServerConfig(env);
  const http = loadHttpSettings(env, config);
  const { newServer, log } = createApp(config, http, {
    write: (line) => console.error(line.trimEnd()),
    loadSend: async () => fetchSend,
  });
  return createHttpHandler({ config: http, log, newServer });
}
