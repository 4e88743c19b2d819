import type { TransportConfig } from "../config/http.js";
import type { ServerFactory } from "../mcp/server.js";
import type { AuthorizationServer } from "../oauth/index.js";
import type { Logger } from "../process/log.js";
import type { Stop, Stoppable } from "../process/shutdown.js";

export interface ServeDeps {
  log: Logger;
  newServer: ServerFactory;
  /** How long requests in progress may take to finish at shutdown. */
  drainMs: number;
  /** For a transport that learns the client went away (stdio): stop the server. */
  stop: Stop;
  /** MCP_HTTP_AUTH=oauth: the authorization server, for the issuer (src/app.ts). */
  authorizationServer?: ((issuer: string) => AuthorizationServer) | undefined;
}

export interface Serving extends Stoppable {
  /** Where it serves, for the start-up log line. */
  where: string;
}

/**
 * The transports, by the configuration's `transport.kind`: each serves the same server factory and
 * returns something the one shutdown (process/shutdown.ts) can close.
 */
export async function serve(transport: TransportConfig, deps: ServeDeps): Promise<Serving> {
  switch (transport.kind) {
    case "stdio": {
      const { serveStdio } = await import("./stdio.js");
      return { where: "on stdio", ...serveStdio(deps) };
    }
    case "http": {
      const { serveHttp } = await import("./http.js");
      const running = await serveHttp({ ...deps, config: transport });
      return { where: `at ${running.url}`, close: running.close };
    }
  }
}
