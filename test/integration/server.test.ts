import { ProtocolError } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_MARK } from "../../src/mcp/tool-calls.js";
import { KEYS_URL } from "../../src/v0/paths.js";
import { hang, useFakeV0 } from "../helpers/fake-v0.js";
import { type Connected, connectInProcess, resultText } from "../helpers/in-process.js";

const fake = useFakeV0();

const args = { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" };

describe("the MCP server", () => {
  let mcp: Connected;
  beforeAll(async () => {
    mcp = await connectInProcess({ config: { baseUrl: fake.baseUrl } });
  });
  afterAll(async () => {
    await mcp.close();
  });

  it("introduces itself with a name, version and instructions", () => {
    expect(mcp.client.getServerVersion()).toMatchObject({ name: "v0-webhooks-mcp", version: "0.0.0-test" });
    expect(mcp.client.getServerCapabilities()?.tools).toBeDefined();
    expect(mcp.client.getInstructions()).toMatch(/v0 Platform API/);
  });

  it("answers an unknown tool with a JSON-RPC error naming the available tools", async () => {
    const error = await mcp.client.callTool({ name: "create_hook", arguments: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).message).toMatch(/Unknown tool "create_hook".*create_webhook/);
  });

  it("aborts the HTTP request when the client cancels the call", async () => {
    fake.expect("GET", "/v2/hooks", hang());
    const controller = new AbortController();
    const pending = mcp.client.callTool({ name: "create_webhook", arguments: args }, { signal: controller.signal });
    await expect.poll(() => fake.requests.length).toBe(1);
    controller.abort("user cancelled");
    await expect(pending).rejects.toThrow();
    await expect.poll(() => fake.aborted).toEqual(["GET /v2/hooks"]);
  });
});

describe("without V0_API_KEY", () => {
  it("still lists its tools, and a call explains where keys come from without sending anything", async () => {
    const mcp = await connectInProcess({ config: { baseUrl: fake.baseUrl, apiKey: undefined } });
    try {
      const { tools } = await mcp.client.listTools();
      expect(tools.map((t) => t.name)).toContain("create_webhook");
      const result = await mcp.call("create_webhook", args);
      expect(result.isError).toBe(true);
      expect(resultText(result)).toMatch(/V0_API_KEY is not set/);
      expect(resultText(result)).toContain(KEYS_URL);
      expect(fake.requests).toHaveLength(0);
    } finally {
      await mcp.close();
    }
  });
});

describe("sandbox mode", () => {
  it("marks every result, success or error, as sandbox", async () => {
    const mcp = await connectInProcess({ config: { sandbox: true, apiKey: undefined } });
    try {
      const ok = await mcp.call("create_webhook", args);
      expect(ok.isError).toBeFalsy();
      expect(resultText(ok).startsWith(SANDBOX_MARK)).toBe(true);
      expect((ok.structuredContent as { id: string }).id).toMatch(/^sandbox_/);
      const bad = await mcp.call("create_webhook", { ...args, events: [] });
      expect(bad.isError).toBe(true);
      expect(resultText(bad).startsWith(SANDBOX_MARK)).toBe(true);
      expect(fake.requests).toHaveLength(0);
    } finally {
      await mcp.close();
    }
  });
});
