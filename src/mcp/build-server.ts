import type { McpRequestContext } from "@modelcontextprotocol/server";
import type { ServerConfig } from "../config/server.js";
import { createLogger, type Logger } from "../process/log.js";
import { MemoryHooksApi } from "../sandbox/memory-hooks-api.js";
import { createRedactor } from "../text/redact.js";
import { selectTools } from "../tools/index.js";
import { V0Client } from "../v0/client.js";
import type { Send } from "../v0/send.js";
import type { HooksApi } from "../v0/types.js";
import type { KeySource } from "./error-text.js";
import { createServerFactory, type ServerFactory } from "./server.js";
import { createToolHandlers, type ToolHandlers } from "./tool-calls.js";

/** What the server is built from: the configuration's v0, tool and policy settings (src/config/server.ts). */
export interface BuildConfig extends ServerConfig {
  /**
   * Whose v0 key the calls carry: the server's apiKey (the default), or each HTTP request's own
   * (`authInfo.token`), which the HTTP handler took from the bearer (v0-key) or from the access
   * token it verified (oauth, "sign-in").
   */
  keyFrom?: KeySource;
}

export interface BuildDeps {
  /** Writes one log line (already scrubbed); the logger scrubs every secret it knows. */
  write: (line: string) => void;
  /** The server's own secrets (V0_API_KEY, MCP_HTTP_TOKEN), scrubbed from logs and results. */
  secrets: ReadonlyArray<string | undefined>;
  /** How the v0 client makes an HTTP exchange: node:http(s) on Node, fetch elsewhere. */
  loadSend: () => Promise<Send>;
  version: string;
}

/**
 * The server as it is served, from the configuration: the v0 API (the HTTP client, or the sandbox's
 * in-memory one), the tools (all, or the read-only ones), the error boundary, and the MCP server
 * definition. With the server's own key, one API and one set of handlers serve every server
 * instance the transports build, so identical creates in flight share one POST across HTTP requests
 * too. With a key per request, each request gets its own client, handlers and redactor, built from
 * the key the HTTP handler checked (`authInfo.token`), and shares nothing with any other request.
 * The in-process tests build their server with this very function.
 */
export function buildServer(config: BuildConfig, deps: BuildDeps): { newServer: ServerFactory; log: Logger } {
  const log = createLogger(createRedactor(deps.secrets), deps.write);
  // The sandbox is one in-memory account for the whole process, whoever calls.
  const sandbox = config.sandbox ? new MemoryHooksApi() : undefined;
  if ((config.keyFrom ?? "server") === "server") {
    const handlers = toolHandlers(config, config.apiKey, deps, log, sandbox);
    const shared = createServerFactory(handlers, deps.version);
    return { newServer: shared, log };
  }
  const newServer: ServerFactory = (context?: McpRequestContext) => {
    const key = context?.authInfo?.token;
    const own = createLogger(createRedactor([...deps.secrets, key]), deps.write);
    return createServerFactory(toolHandlers(config, key, deps, own, sandbox), deps.version)();
  };
  return { newServer, log };
}

/**
 * The tool handlers for one v0 key. One redactor, knowing every secret in play (the server's own
 * and this key), scrubs v0's error text before it is cut, the results, and the log lines.
 */
function toolHandlers(
  config: BuildConfig,
  apiKey: string | undefined,
  deps: BuildDeps,
  log: Logger,
  sandbox: HooksApi | undefined,
): ToolHandlers {
  const redact = createRedactor([...deps.secrets, apiKey]);
  const { enabled, disabled } = selectTools(config);
  return createToolHandlers({
    api: sandbox ?? v0Client(config, apiKey, deps, log, redact),
    tools: enabled,
    disabled,
    destinations: config,
    timeoutMs: config.timeoutMs,
    confirmDeletes: config.confirmDeletes,
    keyFrom: config.keyFrom ?? "server",
    sandbox: config.sandbox,
    redact,
    log,
  });
}

function v0Client(
  config: ServerConfig,
  apiKey: string | undefined,
  deps: BuildDeps,
  log: Logger,
  redact: (text: string) => string,
): HooksApi {
  return new V0Client({
    baseUrl: config.baseUrl,
    apiKey,
    timeoutMs: config.timeoutMs,
    userAgent: `v0-webhooks-mcp/${deps.version}`,
    loadSend: deps.loadSend,
    redact,
    onRetry: ({ method, path, error, delayMs }) =>
      log.info(`retrying ${method} ${path} in ${delayMs} ms after: ${error.message}`),
  });
}
