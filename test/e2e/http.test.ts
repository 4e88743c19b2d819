import { spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, type HttpBin, serverEnv, startHttpBin } from "../helpers/bin.js";
import { json, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { rpcAnswer } from "../helpers/http-answer.js";
import { TEST_KEY } from "../helpers/in-process.js";

const TOKEN = "http-token-0123456789abcdef";
const ORIGIN = "https://app.example.com";

const startHttp = (env: Record<string, string> = {}) =>
  startHttpBin({
    V0_API_KEY: TEST_KEY,
    V0_API_BASE_URL: fake.baseUrl,
    MCP_HTTP_TOKEN: TOKEN,
    MCP_HTTP_ALLOWED_ORIGINS: ORIGIN,
    ...env,
  });

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${TOKEN}`,
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function connectClient(url: string): Promise<Client> {
  const client = new Client({ name: "http-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }),
  );
  return client;
}

const fake = useFakeV0();
let server: HttpBin;
beforeAll(async () => {
  server = await startHttp();
});
afterAll(async () => {
  server?.child.kill("SIGKILL");
});

describe("Streamable HTTP", () => {
  it("listens on 127.0.0.1 by default and answers /healthz without a token", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const health = await fetch(server.url.replace(/\/mcp$/, "/healthz"));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
  });

  it("answers initialize and tools/list to a request with the token", async () => {
    const init = await post(server.url, initialize);
    expect(init.status).toBe(200);
    expect(await rpcAnswer(init)).toMatchObject({ id: 1, result: { serverInfo: { name: "v0-webhooks-mcp" } } });
    const list = await post(server.url, { jsonrpc: "2.0", id: 2, method: "tools/list" });
    expect(((await rpcAnswer(list)) as { result: { tools: unknown[] } }).result.tools).toHaveLength(5);
  });

  it.each([
    ["no Authorization header", {}],
    ["a wrong token", { authorization: "Bearer wrong-token-0123456789abcdef" }],
    ["a token with extra characters", { authorization: `Bearer ${TOKEN}x` }],
    ["another scheme", { authorization: `Basic ${TOKEN}` }],
  ])("refuses %s with 401", async (_what, headers) => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body: JSON.stringify(initialize),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await response.json()).toMatchObject({ error: { code: -32001 } });
  });

  it("bound to loopback, refuses a Host that is not a loopback name (DNS rebinding) and takes the ones that are", async () => {
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(server.url);
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: "/mcp",
            method: "POST",
            headers: {
              host,
              authorization: `Bearer ${TOKEN}`,
              "content-type": "application/json",
              accept: "application/json, text/event-stream",
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify(initialize));
      });
    expect(await status("attacker.example:80")).toBe(403);
    expect(await status("mcp.example.com")).toBe(403);
    expect(await status(new URL(server.url).host)).toBe(200);
    expect(await status(`localhost:${new URL(server.url).port}`)).toBe(200);
  });

  it("refuses an Origin that is not allowed with 403, and accepts an allowed one", async () => {
    expect((await post(server.url, initialize, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(server.url, initialize, { origin: "http://localhost:8080" })).status).toBe(403);
    expect((await post(server.url, initialize, { origin: ORIGIN })).status).toBe(200);
  });

  it("refuses a body over 1 MiB with 413, and non-JSON with 400", async () => {
    const big = JSON.stringify({ ...initialize, padding: "x".repeat(1024 * 1024) });
    expect((await post(server.url, big)).status).toBe(413);
    expect((await post(server.url, "{not json")).status).toBe(400);
  });

  it("takes only POST on /mcp (stateless: no GET stream, no sessions)", async () => {
    const get = await fetch(server.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await fetch(server.url.replace(/\/mcp$/, "/other"))).status).toBe(404);
  });

  it("serves 50 concurrent calls from the SDK's HTTP client, with the server's own v0 key", async () => {
    fake.otherwise(json(200, webhook()));
    const client = await connectClient(server.url);
    try {
      const results = (await Promise.all(
        Array.from({ length: 50 }, () =>
          client.callTool({ name: "get_webhook", arguments: { webhookId: "hook_123" } }),
        ),
      )) as CallToolResult[];
      expect(results.filter((r) => !r.isError)).toHaveLength(50);
      expect(results.every((r) => (r.structuredContent as { id: string }).id === "hook_123")).toBe(true);
      expect(fake.requests).toHaveLength(50);
      // Never token passthrough: v0 sees the server's key, never the client's token.
      expect(new Set(fake.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${TEST_KEY}`]));
    } finally {
      await client.close();
    }
  });

  it("never logs the token or the key", () => {
    expect(server.stderr()).not.toContain(TOKEN);
    expect(server.stderr()).not.toContain(TEST_KEY);
  });
});

describe("HTTP start-up and shutdown", () => {
  it("refuses to start without MCP_HTTP_TOKEN", async () => {
    const child = spawn(process.execPath, [BIN, "--http"], { env: serverEnv({}) });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stderr).toMatch(/HTTP needs MCP_HTTP_TOKEN/);
  });

  it("exits 1 with one clear line when it cannot listen", async () => {
    const port = new URL(server.url).port;
    const child = spawn(process.execPath, [BIN, "--http", "--port", port], {
      env: serverEnv({ MCP_HTTP_TOKEN: TOKEN, V0_SANDBOX: "1" }),
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  });

  it("drains a request in progress on SIGTERM and exits 0", async () => {
    const own = await startHttp();
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.expect("GET", "/v2/hooks/hook_123", async (request, res, req) => {
      await released;
      json(200, webhook())(request, res, req);
    });
    const pending = post(own.url, {
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name: "get_webhook", arguments: { webhookId: "hook_123" } },
    });
    await expect.poll(() => fake.requests.length).toBe(1);
    own.child.kill("SIGTERM");
    await expect.poll(() => own.stderr()).toMatch(/waiting up to \d+ ms for 1 request/);
    release();
    const answer = (await rpcAnswer(await pending)) as { result: CallToolResult };
    expect(answer.result.structuredContent).toMatchObject({ id: "hook_123" });
    const [code] = await once(own.child, "exit");
    expect(code).toBe(0);
  });
});
