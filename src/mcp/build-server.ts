import type { DestinationConfig } from "../policy/destination.js";
import type { Logger } from "../process/log.js";
import { MemoryHooksApi } from "../sandbox/memory-hooks-api.js";
import { selectTools } from "../tools/index.js";
import { V0Client } from "../v0/client.js";
import type { HooksApi } from "../v0/types.js";
import { createServerFactory, type ServerFactory } from "./server.js";
import { createToolHandlers } from "./tool-calls.js";

/** What the server is built from: the configuration's v0, tool and policy settings (src/cli/config.ts). */
export interface ServerConfig extends DestinationConfig {
  apiKey: string | undefined;
  baseUrl: string;
  timeoutMs: number;
  readOnly: boolean;
  sandbox: boolean;
}

export interface BuildDeps {
  log: Logger;
  /** The one redactor, built at the entry: it knows every secret of the configuration. */
  redact: (text: string) => string;
  version: string;
}

/**
 * The server as the bin serves it, from the configuration: the v0 API (the HTTP client, or the
 * sandbox's in-memory one), the tools (all, or the read-only ones), the error boundary, and the MCP
 * server definition. One API and one set of handlers per process, shared by every server instance
 * the transports build, so identical creates in flight share one POST across HTTP requests too.
 * The in-process tests build their server with this very function.
 */
export function buildServer(config: ServerConfig, deps: BuildDeps): ServerFactory {
  const { enabled, disabled } = selectTools(config);
  const handlers = createToolHandlers({
    api: hooksApi(config, deps),
    tools: enabled,
    disabled,
    destinations: config,
    timeoutMs: config.timeoutMs,
    sandbox: config.sandbox,
    redact: deps.redact,
    log: deps.log,
  });
  return createServerFactory(handlers, deps.version);
}

function hooksApi(config: ServerConfig, { log, version }: BuildDeps): HooksApi {
  if (config.sandbox) return new MemoryHooksApi();
  return new V0Client({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    timeoutMs: config.timeoutMs,
    userAgent: `v0-webhooks-mcp/${version}`,
    onRetry: ({ method, path, error, delayMs }) =>
      log.info(`retrying ${method} ${path} in ${delayMs} ms after: ${error.message}`),
  });
}
