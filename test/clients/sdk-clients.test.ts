import { Client as V2Client, StreamableHTTPClientTransport as V2Http } from "@modelcontextprotocol/client";
import { StdioClientTransport as V2Stdio } from "@modelcontextprotocol/client/stdio";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as V1Stdio } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport as V1Http } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTools } from "../../src/tools/index.js";
import { BIN, type HttpBin, serverEnv, startHttpBin } from "../helpers/bin.js";

/*
 * The official TypeScript clients of both SDK generations, in every mode a real client uses, over
 * both transports of the built bin (sandbox mode): SDK v2 pinned to 2026-07-28, in its default mode
 * (the 2025 handshake) and in "auto" (probe with server/discover, fall back), and the SDK v1 Client.
 */
const TOKEN = "clients-token-0123456789abcdef";
const stdioParams = {
  command: process.execPath,
  args: [BIN, "--sandbox"],
  env: serverEnv({}),
  cwd: "/",
  stderr: "pipe" as const,
};
const httpHeaders = { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } };

interface AnyClient {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

type Mode = "2026-07-28" | "default" | "auto";
const v2 = (mode: Mode) =>
  new V2Client(
    { name: `v2-${mode}`, version: "1.0.0" },
    mode === "default" ? {} : { versionNegotiation: { mode: mode === "auto" ? "auto" : { pin: mode } } },
  );

let http: HttpBin;
beforeAll(async () => {
  http = await startHttpBin({ MCP_HTTP_TOKEN: TOKEN }, ["--sandbox"]);
});
afterAll(() => {
  http.child.kill();
});

type Connect = () => Promise<AnyClient>;
const clients: Array<[string, "stdio" | "http", Connect]> = [
  ...(["2026-07-28", "default", "auto"] as const).map((mode) => [`SDK v2 Client (${mode})`, () => v2(mode)] as const),
  ["SDK v1 Client", () => new V1Client({ name: "v1", version: "1.0.0" })] as const,
].flatMap(([name, make]): Array<[string, "stdio" | "http", Connect]> => {
  const v1 = name.startsWith("SDK v1");
  const connectWith =
    (transport: () => unknown): Connect =>
    async () => {
      const client = make() as unknown as { connect(transport: unknown): Promise<void> };
      await client.connect(transport());
      return client as unknown as AnyClient;
    };
  const url = () => new URL(http.url);
  return [
    [name, "stdio", connectWith(() => (v1 ? new V1Stdio(stdioParams) : new V2Stdio(stdioParams)))],
    [name, "http", connectWith(() => (v1 ? new V1Http(url(), httpHeaders) : new V2Http(url(), httpHeaders)))],
  ];
});

describe.each(clients)("%s over %s", (name, transport, connect) => {
  it("lists the five tools, creates a webhook and reads it back", async () => {
    const client = await connect();
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(allTools.map((tool) => tool.name));
      const created = (await client.callTool({
        name: "create_webhook",
        arguments: { name: `${name} over ${transport}`, events: ["message.finished"], url: "https://my.app/hooks" },
      })) as { isError?: boolean; structuredContent: { id: string; created: boolean } };
      expect(created.isError).toBeFalsy();
      expect(created.structuredContent.created).toBe(true);
      const got = (await client.callTool({
        name: "get_webhook",
        arguments: { webhookId: created.structuredContent.id },
      })) as { isError?: boolean; structuredContent: { url: string } };
      // Over HTTP each request is served by a fresh server instance; the process's sandbox is shared.
      expect(got.isError).toBeFalsy();
      expect(got.structuredContent.url).toBe("https://my.app/hooks");
    } finally {
      await client.close();
    }
  });
});
