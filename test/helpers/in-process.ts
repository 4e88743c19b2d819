import { type CallToolResult, Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { type Config, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from "../../src/config.js";
import type { Logger } from "../../src/log.js";
import { createServerFactory } from "../../src/mcp/server.js";
import { createToolHandlers } from "../../src/tool-calls.js";
import { allTools } from "../../src/tools/index.js";
import type { Tool } from "../../src/tools/tool.js";
import { V0Client } from "../../src/v0/client.js";
import type { HooksApi } from "../../src/v0/types.js";

export const TEST_KEY = "v0_test_key_5f3c9a1e7b2d4c6a";

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    apiKey: TEST_KEY,
    baseUrl: DEFAULT_BASE_URL,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    allowHttpWebhooks: false,
    allowedWebhookHosts: undefined,
    allowPrivateWebhooks: false,
    readOnly: false,
    sandbox: false,
    http: undefined,
    ...overrides,
  };
}

export interface Connected {
  client: Client;
  logs: string[];
  call(name: string, args: unknown): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * An MCP client connected in-process (InMemoryTransport) to a server built exactly as the bin
 * builds it and served by the same SDK entry as its stdio session. The client speaks 2026-07-28
 * unless `era: "legacy"` asks for the 2025 `initialize` handshake.
 */
export async function connectInProcess(
  options: {
    era?: "2026-07-28" | "legacy";
    config?: Partial<Config>;
    api?: HooksApi;
    tools?: readonly Tool[];
    disabled?: ReadonlyMap<string, string>;
  } = {},
): Promise<Connected> {
  const config = testConfig(options.config);
  const api =
    options.api ??
    new V0Client({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      timeoutMs: config.timeoutMs,
      userAgent: "v0-webhooks-mcp/test",
    });
  const logs: string[] = [];
  const log: Logger = {
    info: (m) => logs.push(`info: ${m}`),
    warn: (m) => logs.push(`warn: ${m}`),
    error: (m) => logs.push(`error: ${m}`),
  };
  const handlers = createToolHandlers({
    config,
    api,
    tools: options.tools ?? allTools,
    disabled: options.disabled,
    log,
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const session = serveStdio(createServerFactory(handlers, "0.0.0-test"), { transport: serverTransport });
  const era = options.era ?? "2026-07-28";
  const client = new Client(
    { name: "test-client", version: "1.0.0" },
    { versionNegotiation: { mode: era === "legacy" ? "legacy" : { pin: era } } },
  );
  await client.connect(clientTransport);
  return {
    client,
    logs,
    call: (name, args) => client.callTool({ name, arguments: args as Record<string, unknown> }),
    close: async () => {
      await client.close();
      await session.close();
    },
  };
}

export function resultText(result: CallToolResult): string {
  return result.content.map((block) => (block.type === "text" ? block.text : `[${block.type}]`)).join("\n");
}
