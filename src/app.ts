import type { HttpSettings } from "./config/http.js";
import { httpSecrets } from "./config/http.js";
import type { ServerConfig } from "./config/server.js";
import { buildServer } from "./mcp/build-server.js";
import type { KeySource } from "./mcp/error-text.js";
import type { ServerFactory } from "./mcp/server.js";
import {
  type AuthorizationServer,
  createAuthorizationServer,
  MemoryOAuthStore,
  type OAuthStore,
} from "./oauth/index.js";
import type { Logger } from "./process/log.js";
import { checkV0Key } from "./v0/check-key.js";
import type { Send } from "./v0/send.js";
import { VERSION } from "./version.js";

/** What differs between the entries' runtimes: where log lines go, and how v0 is called. */
export interface Runtime {
  /** Writes one log line (already scrubbed). */
  write(line: string): void;
  /** node:http(s) on Node (src/cli/node-send.ts), fetch elsewhere (src/v0/fetch-send.ts). */
  loadSend(): Promise<Send>;
  /**
   * Where the OAuth authorization server remembers used codes and refresh-token families
   * (MCP_HTTP_AUTH=oauth): this process's memory unless the entry has a shared store (Workers KV).
   */
  oauthStore?: OAuthStore;
}

export interface App {
  newServer: ServerFactory;
  log: Logger;
  /**
   * With MCP_HTTP_AUTH=oauth: the authorization server, for the issuer (MCP_PUBLIC_URL, or on a
   * loopback bind the address the node:http server bound, known only once it listens).
   */
  authorizationServer?: (issuer: string) => AuthorizationServer;
}

/**
 * The one place configuration becomes a server, for both entries (the bin, src/cli/index.ts, and
 * the Web handler, src/fetch.ts): which key v0 is called with (the server's, each HTTP caller's own
 * with MCP_HTTP_AUTH=v0-key, or the one a person signed in with under oauth), which secrets the one
 * scrubbing rule knows, and the authorization server of oauth mode.
 */
export function createApp(config: ServerConfig, http: HttpSettings | undefined, runtime: Runtime): App {
  const auth = http?.auth;
  const keyFrom: KeySource = auth?.kind === "v0-key" ? "caller" : auth?.kind === "oauth" ? "sign-in" : "server";
  const { newServer, log } = buildServer(
    { ...config, keyFrom },
    {
      write: runtime.write,
      loadSend: runtime.loadSend,
      secrets: [config.apiKey, ...httpSecrets(http)],
      version: VERSION,
    },
  );
  if (auth?.kind !== "oauth") return { newServer, log };
  const store = runtime.oauthStore ?? new MemoryOAuthStore();
  const v0 = { baseUrl: config.baseUrl, timeoutMs: config.timeoutMs, version: VERSION, loadSend: runtime.loadSend };
  return {
    newServer,
    log,
    authorizationServer: (issuer) =>
      createAuthorizationServer(
        { issuer, resource: `${issuer}/mcp`, secrets: auth.secrets, accessTokenTtlSeconds: auth.accessTokenTtlSeconds },
        { store, checkV0Key: (key, signal) => checkV0Key(v0, key, signal), log },
      ),
  };
}
