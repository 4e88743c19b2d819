import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import { MemoryHooksApi } from "./sandbox/memory-hooks-api.js";
import { createToolHandlers, type ToolHandlers } from "./tool-calls.js";
import { selectTools } from "./tools/index.js";
import { V0Client } from "./v0/client.js";

/**
 * tools/list and tools/call, built from the config: the tools, and the v0 API they call (the HTTP
 * client, or the sandbox's in-memory one). One per process, shared by every MCP server instance
 * the transports build, so identical creates in flight share one POST across HTTP requests too.
 */
export function createRuntime(config: Config, log: Logger, version: string): ToolHandlers {
  const api = config.sandbox
    ? new MemoryHooksApi()
    : new V0Client({
        baseUrl: config.baseUrl,
        apiKey: config.apiKey,
        timeoutMs: config.timeoutMs,
        userAgent: `v0-webhooks-mcp/${version}`,
        onRetry: ({ method, path, error, delayMs }) =>
          log.info(`retrying ${method} ${path} in ${delayMs} ms after: ${error.message}`),
      });
  const { enabled, disabled } = selectTools(config);
  return createToolHandlers({ config, api, tools: enabled, disabled, log });
}
