import { type CallToolResult, Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { type Config, loadConfig } from "../../src/cli/args.js";
import { loadNodeSend } from "../../src/cli/node-send.js";
import { buildServer } from "../../src/mcp/build-server.js";

export const TEST_KEY = "v0_test_key_5f3c9a1e7b2d4c6a";

/** The configuration the bin would load with only V0_API_KEY set, with `overrides`. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const command = loadConfig({ V0_API_KEY: TEST_KEY }, []);
  if (command.kind !== "run") throw new Error("expected a run configuration");
  return { ...command.config, ...overrides };
}

export interface Connected {
  client: Client;
  logs: string[];
  call(name: string, args: unknown): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * An MCP client connected in-process (InMemoryTransport) to the server the bin builds from this
 * configuration (`buildServer`), served by the same SDK entry as its stdio session. The client
 * speaks 2026-07-28 unless `era: "legacy"` asks for the 2025 `initialize` handshake.
 */
export async function connectInProcess(
  options: { era?: "2026-07-28" | "legacy"; config?: Partial<Config> } = {},
): Promise<Connected> {
  const config = testConfig(options.config);
  const logs: string[] = [];
  const { newServer } = buildServer(config, {
    write: (line) => logs.push(line.replace(/^\[v0-webhooks-mcp\] /, "").trimEnd()),
    secrets: [config.apiKey],
    loadSend: loadNodeSend,
    version: "0.0.0-test",
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const session = serveStdio(newServer, { transport: serverTransport });
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
