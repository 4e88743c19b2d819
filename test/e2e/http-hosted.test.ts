import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { BIN, serverEnv, startHttpBin } from "../helpers/bin.js";
import { json, type Responder, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { rpcAnswer } from "../helpers/http-answer.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { toolCallInit } from "../helpers/mcp-http.js";
import { statefulHooks } from "../helpers/stateful-v0.js";

/*
 * What hosting for a team needs from `--http` (and from the same handler on any platform): per-user
 * v0 keys, browser clients (CORS), and a client that goes away not cancelling what it started.
 */
const fake = useFakeV0();
const TOKEN = "hosted-token-0123456789abcdef";
const ORIGIN = "https://app.example.com";
const KEY_A = "v0_user_a_key_0123456789";
const KEY_B = "v0_user_b_key_9876543210";
const create = { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" };

function call(url: string, bearer: string | undefined, name: string, args: unknown, init: RequestInit = {}) {
  return fetch(url, toolCallInit(name, args, bearer, init));
}

describe("MCP_HTTP_AUTH=v0-key: each caller's own v0 key", () => {
  it("uses each request's bearer for that request's v0 calls, and logs neither key", async () => {
    const seen: string[] = [];
    fake.otherwise((request, res, req) => {
      seen.push(String(request.headers.authorization));
      return json(200, webhook({ id: "hook_1" }))(request, res, req);
    });
    const server = await startHttpBin({ MCP_HTTP_AUTH: "v0-key", V0_API_BASE_URL: fake.baseUrl });
    try {
      for (const key of [KEY_A, KEY_B, KEY_A]) {
        const answer = await rpcAnswer(await call(server.url, key, "get_webhook", { webhookId: "hook_1" }));
        expect(answer).toMatchObject({ result: { structuredContent: { id: "hook_1" } } });
      }
      expect(seen).toEqual([`Bearer ${KEY_A}`, `Bearer ${KEY_B}`, `Bearer ${KEY_A}`]);
      expect(server.stderr()).toMatch(/each caller's own v0 key/);
      expect(server.stderr()).not.toContain(KEY_A);
      expect(server.stderr()).not.toContain(KEY_B);
    } finally {
      server.child.kill();
    }
  });

  it("answers a request without a key 401 with WWW-Authenticate, sending nothing to v0", async () => {
    const server = await startHttpBin({ MCP_HTTP_AUTH: "v0-key", V0_API_BASE_URL: fake.baseUrl });
    try {
      const response = await call(server.url, undefined, "get_webhook", { webhookId: "hook_1" });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
      expect(await response.json()).toMatchObject({ error: { code: -32001, message: /your v0 API key/ } });
      expect(fake.requests).toEqual([]);
    } finally {
      server.child.kill();
    }
  });

  it("refuses to start holding a key or a token of its own", async () => {
    const extras: Array<Record<string, string>> = [{ V0_API_KEY: TEST_KEY }, { MCP_HTTP_TOKEN: TOKEN }];
    for (const extra of extras) {
      const child = spawn(process.execPath, [BIN, "--http", "--port", "0"], {
        env: serverEnv({ MCP_HTTP_AUTH: "v0-key", ...extra }),
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const [code] = await once(child, "exit");
      expect(code).toBe(2);
      expect(stderr).toMatch(/MCP_HTTP_AUTH=v0-key .*unset V0_API_KEY and MCP_HTTP_TOKEN/);
      expect(stderr).not.toContain(TEST_KEY);
      expect(stderr).not.toContain(TOKEN);
    }
  });
});

describe("browser clients", () => {
  it("get CORS from an allowed Origin (preflight without credentials), and 403 from any other", async () => {
    const server = await startHttpBin({ MCP_HTTP_TOKEN: TOKEN, MCP_HTTP_ALLOWED_ORIGINS: ORIGIN }, ["--sandbox"]);
    try {
      const preflight = (origin: string) =>
        fetch(server.url, {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type, mcp-protocol-version, mcp-method, mcp-name",
          },
        });
      const allowed = await preflight(ORIGIN);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(allowed.headers.get("access-control-allow-methods")).toMatch(/POST/);
      for (const header of ["Authorization", "Content-Type", "MCP-Protocol-Version", "Mcp-Method", "Mcp-Name"]) {
        expect(allowed.headers.get("access-control-allow-headers")).toContain(header);
      }
      const answer = await call(server.url, TOKEN, "list_webhooks", {}, { headers: { origin: ORIGIN } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(answer.headers.get("access-control-expose-headers")).toMatch(/Mcp-Session-Id/);
      expect((await preflight("https://evil.example")).status).toBe(403);
      const evil = await call(server.url, TOKEN, "list_webhooks", {}, { headers: { origin: "https://evil.example" } });
      expect(evil.status).toBe(403);
      expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      server.child.kill();
    }
  });
});

describe("a client that goes away", () => {
  /** A create_webhook the way a 2025-era client sends it: no envelope, answered over SSE. */
  const legacyCreate = (url: string, init: RequestInit) =>
    fetch(url, {
      method: "POST",
      ...init,
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-06-18",
        authorization: `Bearer ${TOKEN}`,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "create_webhook", arguments: create },
      }),
    });

  it.each([
    [
      "2026-07-28 (a JSON answer)",
      (url: string, init: RequestInit) => call(url, TOKEN, "create_webhook", create, init),
    ],
    ["2025-06-18 (an SSE answer)", legacyCreate],
  ])(
    "does not cancel its call, %s: the create completes, and the next identical create finds it",
    async (_era, send) => {
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const stateful = statefulHooks(TEST_KEY);
      const gated: Responder = async (request, res, req) => {
        if (request.method === "POST") await released;
        return stateful(request, res, req);
      };
      fake.otherwise(gated);
      const server = await startHttpBin({ MCP_HTTP_TOKEN: TOKEN, V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
      try {
        const gone = new AbortController();
        const first = send(server.url, { signal: gone.signal }).then((response) => response.text());
        await expect.poll(() => fake.requests.map((r) => r.method)).toContain("POST");
        gone.abort();
        await expect(first).rejects.toThrow();
        // A round trip on a new connection: by its answer the server has seen the first one close.
        expect((await fetch(server.url.replace(/\/mcp$/, "/healthz"))).status).toBe(200);
        release();
        // The POST the client abandoned was answered, not aborted.
        await expect.poll(() => fake.requests.filter((r) => r.method === "POST").length).toBe(1);
        const again = await rpcAnswer(await call(server.url, TOKEN, "create_webhook", create));
        expect(again).toMatchObject({ result: { structuredContent: { ...create, created: false } } });
        expect(fake.aborted).toEqual([]);
        expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
      } finally {
        server.child.kill();
      }
    },
  );
});
