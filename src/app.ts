import type { HttpSettings } from "./config/http.js";
import { httpSecrets } from "./config/http.js";
import type { ServerConfig } from "./config/server.js";
import { buildServer } from "./mcp/build-server.js";
import type { ServerFactory } from "./mcp/server.js";
import type { Logger } from "./process/log.js";
import type { Send } from "./v0/send.js";
import { VERSION } from "./version.js";

/** What differs between the entries' runtimes: where log lines go, and how v0 is called. */
export interface Runtime {
  /** Writes one log line (already scrubbed). */
  write(line: string): void;
  /** node:http(s) on Node (src/cli/node-send.ts), fetch elsewhere (src/v0/fetch-send.ts). */
  loadSend(): Promise<Send>;
}

/**
 * The one place configuration becomes a server, for both entries (the bin, src/cli/index.ts, and
 * the Web handler, src/fetch.ts): which key v0 is called with (the server's, or each HTTP caller's
 * own with MCP_HTTP_AUTH=v0-key), and which secrets the one scrubbing rule knows.
 */
export function createApp(
  config: ServerConfig,
  http: HttpSettings | undefined,
  runtime: Runtime,
): { newServer: ServerFactory; log: Logger } {
  return buildServer(
    { ...config, keyPerRequest: http?.auth.kind === "v0-key" },
    {
      write: runtime.write,
      loadSend: runtime.loadSend,
      secrets: [config.apiKey, ...httpSecrets(http)],
      version: VERSION,
    },
  );
}
