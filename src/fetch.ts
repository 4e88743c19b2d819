import { ConfigError, type Env, loadConfig } from "./cli/config.js";
import { buildServer } from "./mcp/build-server.js";
import type { HttpConfig } from "./transports/config.js";
import { createHttpHandler, type FetchHandler } from "./transports/http-handler.js";
import { fetchSend } from "./v0/fetch-send.js";

/** Set by the bundler (scripts/build.mjs). */
declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";

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
  const command = loadConfig(env, ["--http"]);
  if (command.kind !== "run") throw new ConfigError("createFetchHandler takes configuration, not --help or --version");
  const { config } = command;
  const transport = config.transport as HttpConfig;
  const { newServer, log } = buildServer(
    { ...config, keyPerRequest: transport.auth.kind === "v0-key" },
    {
      write: (line) => console.error(line.trimEnd()),
      secrets: [config.apiKey, transport.auth.kind === "token" ? transport.auth.token : undefined],
      loadSend: async () => fetchSend,
      version: VERSION,
    },
  );
  return createHttpHandler({ config: transport, log, newServer });
}
