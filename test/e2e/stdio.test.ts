import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { BIN, INITIALIZE, RawStdioSession, serverEnv } from "../helpers/bin.js";
import { hang, json, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { statefulHooks } from "../helpers/stateful-v0.js";

const fake = useFakeV0();

/** The built bin as a desktop client starts it: cwd `/`, only the env it is given. */
function binTransport(): StdioClientTransport {
  return new StdioClientTransport({
    command: process.execPath,
    args: [BIN],
    cwd: "/",
    env: serverEnv({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl }),
    stderr: "pipe",
  });
}

describe("the built bin over stdio, driven by the SDK client", () => {
  it("lists tools and creates a webhook against the fake v0 API", async () => {
    fake.expect("GET", "/v2/hooks", json(200, [])).expect("POST", "/v2/hooks", json(200, webhook()));
    const transport = binTransport();
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new Client({ name: "e2e", version: "1.0.0" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("create_webhook");
      const result = (await client.callTool({
        name: "create_webhook",
        arguments: { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" },
      })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ ...webhook(), created: true });
      expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
      expect(fake.requests[0]?.headers["user-agent"]).toMatch(/^v0-webhooks-mcp\/\d+\.\d+\.\d+/);
      fake.assertDone();
    } finally {
      await client.close();
    }
    expect(stderr).toContain("ready on stdio");
    expect(stderr).not.toContain(TEST_KEY);
  });
});

describe("stdio hygiene", () => {
  it("writes only JSON-RPC to stdout, survives garbage lines, and exits 0 when stdin closes", async () => {
    const server = new RawStdioSession([], { V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
    server.send(INITIALIZE);
    expect(await server.response(1)).toHaveProperty("result.serverInfo.name", "v0-webhooks-mcp");
    server.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    server.send("this is not json");
    server.send('{"jsonrpc": "2.0", "id": 2, "method": ');
    server.send(JSON.stringify({ hello: "world" }));
    server.send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list" }));
    const list = await server.response(3);
    expect(list).toHaveProperty("result.tools");
    server.send(JSON.stringify({ jsonrpc: "2.0", id: 4, method: "no/such/method" }));
    expect(await server.response(4)).toHaveProperty("error.code", -32601);
    server.child.stdin.end();
    expect(await server.exit()).toEqual({ code: 0, signal: null });
    expect(server.badLines).toEqual([]);
    expect(server.stderr()).toMatch(/ignored input that is not a JSON-RPC message/);
    expect(server.stderr()).not.toContain(TEST_KEY);
  });

  it("answers every request of a piped session even when stdin ends before the tools have loaded", async () => {
    const server = new RawStdioSession(["--sandbox"], {});
    server.send(INITIALIZE);
    server.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    server.send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }));
    server.send(
      JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_webhooks", arguments: {} } }),
    );
    server.child.stdin.end();
    expect(await server.exit()).toEqual({ code: 0, signal: null });
    const ids = server.messages.map((message) => message.id);
    expect(ids).toEqual([1, 2, 3]);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("exits 0 on %s", async (signal) => {
    const server = new RawStdioSession(["--sandbox"], {});
    server.send(INITIALIZE);
    await server.response(1);
    server.child.kill(signal);
    expect(await server.exit()).toEqual({ code: 0, signal: null });
  });

  it("stops at start with one clear line on stderr when the configuration is bad", async () => {
    const server = new RawStdioSession([], { V0_API_KEY: TEST_KEY, V0_API_BASE_URL: "http://api.v0.dev/v2" });
    expect((await server.exit()).code).toBe(2);
    const lines = server.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^v0-webhooks-mcp: configuration error: V0_API_BASE_URL must use https/);
    expect(server.messages).toEqual([]);
    expect(server.badLines).toEqual([]);
  });

  // docs/performance.md's advice for a lower peak (a node option, not a run-time V8 flag change): Node 20
  // accepts it in NODE_OPTIONS, where it refuses --semi-space-growth-factor.
  it("runs with --max-semi-space-size=4 in NODE_OPTIONS, as docs/performance.md suggests for a lower peak", async () => {
    const server = new RawStdioSession(["--sandbox"], { NODE_OPTIONS: "--max-semi-space-size=4" });
    server.send(INITIALIZE);
    expect(await server.response(1)).toHaveProperty("result.serverInfo.name", "v0-webhooks-mcp");
    server.child.stdin.end();
    expect(await server.exit()).toEqual({ code: 0, signal: null });
  });

  it("prints its version with --version", async () => {
    const server = new RawStdioSession(["--version"], {});
    expect((await server.exit()).code).toBe(0);
    expect(server.badLines).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
  });
});

describe("the whole webhook lifecycle over stdio", () => {
  it("creates, lists, gets, updates and deletes against a stateful fake v0 API; a retried create returns the same webhook", async () => {
    fake.otherwise(statefulHooks(TEST_KEY));
    const transport = binTransport();
    const client = new Client({ name: "e2e", version: "1.0.0" });
    await client.connect(transport);
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      return result;
    };
    try {
      const args = { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" };
      const created = await call("create_webhook", args);
      expect(created.structuredContent).toMatchObject({ ...args, chatId: null, created: true });
      const id = (created.structuredContent as { id: string }).id;

      const again = await call("create_webhook", args);
      expect(again.structuredContent).toMatchObject({ id, created: false });

      const listed = await call("list_webhooks", {});
      expect(listed.structuredContent).toEqual({ webhooks: [{ id, name: "Notify my app" }] });

      const got = await call("get_webhook", { webhookId: id });
      expect(got.structuredContent).toMatchObject({ id, url: "https://my.app/hooks" });

      const updated = await call("update_webhook", { webhookId: id, url: "https://my.app/v2/hooks" });
      expect(updated.structuredContent).toMatchObject({ id, url: "https://my.app/v2/hooks", events: args.events });

      const deleted = await call("delete_webhook", { webhookId: id });
      expect(deleted.structuredContent).toEqual({ id, deleted: true });

      const gone = await call("delete_webhook", { webhookId: id });
      expect(gone.isError).toBe(true);
      expect((gone.content[0] as { text: string }).text).toMatch(/404.*no longer exists/s);

      expect((await call("list_webhooks", {})).structuredContent).toEqual({ webhooks: [] });
      expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});

/** The bin, initialized, with get_webhook "hook_123" (request id 2) sent and reached at the fake. */
async function binWithCallInProgress() {
  const server = new RawStdioSession([], { V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
  server.send(INITIALIZE);
  await server.response(1);
  server.send(
    JSON.stringify({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "get_webhook", arguments: { webhookId: "hook_123" } },
    }),
  );
  await expect.poll(() => fake.requests.length).toBe(1);
  return server;
}

describe("graceful shutdown", () => {
  it("lets a call in progress finish on SIGTERM, answers it, then exits 0", async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.expect("GET", "/v2/hooks/hook_123", async (_request, res) => {
      await released;
      json(200, webhook())(_request, res, _request as never);
    });
    const server = await binWithCallInProgress();
    server.child.kill("SIGTERM");
    await expect.poll(() => server.stderr()).toMatch(/SIGTERM: waiting up to \d+ ms for 1 request/);
    release();
    const answer = await server.response(2);
    expect(answer).toHaveProperty("result.structuredContent.id", "hook_123");
    expect(await server.exit()).toEqual({ code: 0, signal: null });
    fake.assertDone();
  });

  it("exits at once, without waiting for calls in progress, when the client stops reading stdout", async () => {
    fake.expect("GET", "/v2/hooks/hook_123", hang());
    const server = await binWithCallInProgress();
    // The client goes away without closing stdin: its end of stdout is gone, then answers pile up.
    server.child.stdin.on("error", () => {}); // EPIPE once the server has exited
    server.child.stdout.destroy();
    for (let id = 3; id < 3_003; id++) server.send(JSON.stringify({ jsonrpc: "2.0", id, method: "ping" }));
    // Drain time is 10 s (V0_TIMEOUT_MS's default, capped); this test's own limit is 5 s.
    expect(await server.exit()).toEqual({ code: 0, signal: null });
    expect(server.stderr()).not.toMatch(/waiting up to|still running at shutdown/);
  }, 5_000);
});

describe("cancellation over stdio", () => {
  it("aborts the v0 request of a cancelled call and sends no answer for it", async () => {
    fake.expect("GET", "/v2/hooks/hook_123", hang());
    const server = await binWithCallInProgress();
    try {
      server.send(
        JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 2, reason: "stop" } }),
      );
      await expect.poll(() => fake.aborted).toEqual(["GET /v2/hooks/hook_123"]);
      server.send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "ping" }));
      await server.response(3);
      expect(server.messages.map((message) => message.id)).toEqual([1, 3]);
    } finally {
      server.child.kill();
      await server.exit();
    }
  });
});
