import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import * as sdkTypes from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { MemoryHooksApi } from "../src/sandbox/memory-hooks-api.js";
import { createServer } from "../src/server.js";
import { type CallOutcome, createToolHandlers, type ToolHandlers } from "../src/tool-calls.js";
import { allTools } from "../src/tools/index.js";
import { createDispatcher } from "../src/transports/dispatch.js";
import { testConfig } from "./helpers/in-process.js";

type Message = Record<string, unknown>;

const INITIALIZE_PARAMS = {
  protocolVersion: "2025-06-18",
  capabilities: {},
  clientInfo: { name: "test-client", version: "1.0.0" },
};

/** Fixed ids and times, so the same calls give the same answers on two servers. */
function sandboxHandlers(): ToolHandlers {
  const api = new MemoryHooksApi(() => new Date("2026-11-29T12:00:00.000Z"));
  const log = { info() {}, warn() {}, error() {} };
  return createToolHandlers({ config: testConfig({ sandbox: true }), api, tools: allTools, log });
}

function harness(handlers: () => ToolHandlers | Promise<ToolHandlers>) {
  const sent: Message[] = [];
  const ignored: string[] = [];
  const dispatcher = createDispatcher({
    version: "0.0.0-test",
    send: async (message) => {
      sent.push(message as Message);
    },
    handlers,
    onIgnored: (reason) => ignored.push(reason),
  });
  const answerTo = async (id: string | number) => {
    await expect.poll(() => sent.some((m) => m.id === id)).toBe(true);
    return sent.find((m) => m.id === id) as Message;
  };
  const send = (message: Message) => dispatcher.dispatch(message as JSONRPCMessage);
  return { dispatcher, sent, ignored, answerTo, send };
}

/** The SDK's Server (over the same sandbox handlers) answering `requests` one at a time. */
async function answersFromSdk(requests: Message[]): Promise<Message[]> {
  const server = createServer(sandboxHandlers(), "0.0.0-test");
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  const received: Message[] = [];
  client.onmessage = (m) => received.push(m as Message);
  await server.connect(serverSide);
  await client.start();
  for (const request of requests) {
    await client.send(request as JSONRPCMessage);
    await expect.poll(() => received.some((m) => m.id === request.id)).toBe(true);
  }
  await server.close();
  return received;
}

const sameIds = (message: Message): Message =>
  JSON.parse(JSON.stringify(message).replace(/sandbox_[0-9a-f]+/g, "sandbox_ID"));

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("the stdio dispatcher against the SDK's Server", () => {
  /** The same requests, each to a fresh dispatcher and a fresh SDK Server over equal sandbox handlers. */
  const requests: Message[] = [
    { jsonrpc: "2.0", id: 1, method: "initialize", params: INITIALIZE_PARAMS },
    { jsonrpc: "2.0", id: 2, method: "initialize", params: { ...INITIALIZE_PARAMS, protocolVersion: "1999-01-01" } },
    { jsonrpc: "2.0", id: "p", method: "ping" },
    { jsonrpc: "2.0", id: 3, method: "tools/list", params: {} },
    {
      jsonrpc: "2.0",
      id: 4,
      method: "tools/call",
      params: {
        name: "create_webhook",
        arguments: { name: "n", events: ["message.finished"], url: "https://my.app/hooks" },
      },
    },
    { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "get_webhook", arguments: { webhookId: 7 } } },
    { jsonrpc: "2.0", id: 6, method: "tools/call", params: { name: "no_such_tool", arguments: {} } },
    { jsonrpc: "2.0", id: 7, method: "resources/list", params: {} },
    { jsonrpc: "2.0", id: 8, method: "logging/setLevel", params: { level: "info" } },
  ];

  async function viaDispatcher(): Promise<Message[]> {
    const handlers = sandboxHandlers();
    const { send, answerTo } = harness(() => handlers);
    const answers: Message[] = [];
    for (const request of requests) {
      send(request);
      answers.push(await answerTo(request.id as string | number));
    }
    return answers;
  }

  it("gives the same results, and the same error codes, to the same requests", async () => {
    const [sdk, ours] = await Promise.all([answersFromSdk(requests), viaDispatcher()]);
    expect(ours.map((m) => m.id)).toEqual(requests.map((r) => r.id));
    for (const request of requests) {
      // Sandbox ids are random; everything else must match exactly.
      const a = sameIds(sdk.find((m) => m.id === request.id) as Message);
      const b = sameIds(ours.find((m) => m.id === request.id) as Message);
      if ("result" in a) expect(b, `${String(request.method)} #${String(request.id)}`).toEqual(a);
      else {
        expect(b.error, `${String(request.method)} #${String(request.id)}`).toMatchObject({
          code: (a.error as { code: number }).code,
        });
      }
    }
    // The comparison above covers successes and failures of every kind.
    expect(ours.filter((m) => "error" in m).map((m) => m.id)).toEqual([6, 7, 8]);
    const ping = ours.find((m) => m.id === "p");
    expect(ping).toEqual({ jsonrpc: "2.0", id: "p", result: {} });
    const list = ours.find((m) => m.id === 3) as { result: { tools: unknown[] } };
    expect(list.result.tools).toHaveLength(5);
    expect(ours.find((m) => m.id === 2)).toHaveProperty("result.protocolVersion", sdkTypes.LATEST_PROTOCOL_VERSION);
    expect(ours.find((m) => m.id === 5)).toHaveProperty("result.isError", true);
  });
});

describe("where the stdio dispatcher differs from the SDK's Server, on purpose", () => {
  it("answers malformed initialize and tools/call params with -32602 and a hint, where the SDK said -32603 and a zod dump", async () => {
    const bad: Message[] = [
      { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18" } },
      { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "list_webhooks", arguments: null } },
    ];
    const sdk = await answersFromSdk(bad);
    const ours = harness(sandboxHandlers);
    for (const request of bad) {
      ours.send(request);
      expect(sdk.find((m) => m.id === request.id)).toHaveProperty("error.code", -32603);
      const answer = await ours.answerTo(request.id as number);
      expect(answer).toHaveProperty("error.code", -32602);
      expect(answer).toHaveProperty("error.message", expect.stringMatching(/^Invalid params: \S+ needs params\./));
    }
  });
});

describe("the stdio dispatcher", () => {
  it("answers initialize and ping without loading the tools", async () => {
    let loads = 0;
    const { send, answerTo } = harness(() => {
      loads++;
      return sandboxHandlers();
    });
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: INITIALIZE_PARAMS });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "ping" });
    expect(await answerTo(1)).toHaveProperty("result.serverInfo.name", "v0-webhooks-mcp");
    expect(await answerTo(2)).toEqual({ jsonrpc: "2.0", id: 2, result: {} });
    expect(loads).toBe(0);
  });

  it("refuses a malformed initialize with -32602 and says what it needs", async () => {
    const { send, answerTo } = harness(sandboxHandlers);
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18" } });
    send({ jsonrpc: "2.0", id: 2, method: "initialize" });
    for (const id of [1, 2]) {
      const answer = await answerTo(id);
      expect(answer).toHaveProperty("error.code", -32602);
      expect(answer).toHaveProperty("error.message", expect.stringMatching(/clientInfo/));
    }
  });

  it("answers a request whose params are not an object with -32602", async () => {
    const { send, answerTo } = harness(sandboxHandlers);
    send({ jsonrpc: "2.0", id: 1, method: "ping", params: "a string" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: [1, 2] });
    send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "get_webhook", arguments: [] } });
    send({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { arguments: {} } });
    for (const id of [1, 2, 3, 4]) expect(await answerTo(id)).toHaveProperty("error.code", -32602);
  });

  it("echoes at most 100 printable characters of an unknown method", async () => {
    const { send, answerTo } = harness(sandboxHandlers);
    send({ jsonrpc: "2.0", id: 1, method: `x\u0000\n${"m".repeat(5_000_000)}` });
    const answer = (await answerTo(1)) as { error: { code: number; message: string } };
    expect(answer.error.code).toBe(-32601);
    expect(answer.error.message.length).toBeLessThan(200);
    expect(answer.error.message).toContain('"x??mmm');
  });

  it("ignores notifications, responses, and requests with an unusable id (telling why)", async () => {
    const { send, sent, ignored } = harness(sandboxHandlers);
    send({ jsonrpc: "2.0", method: "notifications/no-such-thing", params: {} });
    send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "nothing-running" } });
    send({ jsonrpc: "2.0", id: 9, result: {} });
    send({ jsonrpc: "2.0", id: 10, error: { code: 1, message: "client error" } });
    send({ jsonrpc: "2.0", id: null, method: "ping" });
    send({ jsonrpc: "2.0", id: { an: "object" }, method: "ping" });
    send({ jsonrpc: "2.0", id: Number.NaN, method: "ping" });
    send({ jsonrpc: "2.0", id: 11, method: 42 });
    await settle();
    expect(sent).toEqual([]);
    expect(ignored).toHaveLength(4);
  });

  it("lets tools/* requests wait for the tools to load, and answers them in the order they came", async () => {
    let release: (handlers: ToolHandlers) => void = () => {};
    const loaded = new Promise<ToolHandlers>((resolve) => {
      release = resolve;
    });
    const { send, sent, dispatcher } = harness(() => loaded);
    send({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "list_webhooks", arguments: {} } });
    send({ jsonrpc: "2.0", id: 3, method: "ping" });
    await settle();
    expect(sent.map((m) => m.id)).toEqual([3]);
    expect(dispatcher.pending.size).toBe(2);
    release(sandboxHandlers());
    expect(await dispatcher.pending.idle(5_000)).toBe(true);
    expect(sent.map((m) => m.id)).toEqual([3, 1, 2]);
    expect(sent[2]).toHaveProperty("result.structuredContent.webhooks", []);
  });

  it("aborts a cancelled call and sends it no answer; the other calls are answered", async () => {
    const signals = new Map<string, AbortSignal>();
    const handlers: ToolHandlers = {
      list: () => ({ tools: [] }),
      call: (name, _args, signal) =>
        new Promise<CallOutcome>((resolve) => {
          signals.set(name, signal);
          const done = () => resolve({ kind: "result", result: { content: [{ type: "text", text: name }] } });
          if (name === "slow") signal.addEventListener("abort", done);
          else setTimeout(done, 5);
        }),
    };
    const { send, sent, dispatcher } = harness(() => handlers);
    send({ jsonrpc: "2.0", id: "a", method: "tools/call", params: { name: "slow", arguments: {} } });
    send({ jsonrpc: "2.0", id: "b", method: "tools/call", params: { name: "fast", arguments: {} } });
    await expect.poll(() => signals.size).toBe(2);
    send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "a", reason: "user stopped it" } });
    expect(await dispatcher.pending.idle(5_000)).toBe(true);
    expect(signals.get("slow")?.aborted).toBe(true);
    expect(signals.get("slow")?.reason).toBe("user stopped it");
    expect(signals.get("fast")?.aborted).toBe(false);
    expect(sent.map((m) => m.id)).toEqual(["b"]);
  });

  it("cancels a call that is still waiting for the tools to load: it never runs and gets no answer", async () => {
    let release: (handlers: ToolHandlers) => void = () => {};
    const loaded = new Promise<ToolHandlers>((resolve) => {
      release = resolve;
    });
    const seen: Array<{ name: string; aborted: boolean }> = [];
    const handlers: ToolHandlers = {
      list: () => ({ tools: [] }),
      call: async (name, _args, signal) => {
        seen.push({ name, aborted: signal.aborted });
        return { kind: "result", result: { content: [{ type: "text", text: name }] } };
      },
    };
    const { send, sent, dispatcher } = harness(() => loaded);
    send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "first", arguments: {} } });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "second", arguments: {} } });
    send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1 } });
    release(handlers);
    expect(await dispatcher.pending.idle(5_000)).toBe(true);
    expect(sent.map((m) => m.id)).toEqual([2]);
    expect(seen).toEqual([{ name: "second", aborted: false }]);
  });

  it("lets a request that reuses an id in progress take over its cancellation, like the SDK", async () => {
    const finish = new Map<string, () => void>();
    const signals = new Map<string, AbortSignal>();
    const handlers: ToolHandlers = {
      list: () => ({ tools: [] }),
      call: (name, _args, signal) =>
        new Promise<CallOutcome>((resolve) => {
          signals.set(name, signal);
          finish.set(name, () => resolve({ kind: "result", result: { content: [{ type: "text", text: name }] } }));
        }),
    };
    const { send, sent, dispatcher } = harness(() => handlers);
    send({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "older", arguments: {} } });
    send({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "newer", arguments: {} } });
    await expect.poll(() => signals.size).toBe(2);
    send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 7 } });
    expect(signals.get("newer")?.aborted).toBe(true);
    expect(signals.get("older")?.aborted).toBe(false);
    finish.get("older")?.();
    finish.get("newer")?.();
    expect(await dispatcher.pending.idle(5_000)).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toHaveProperty("result.content.0.text", "older");
  });

  it("answers -32603 if the tools fail to load or a handler throws, and never leaves a request pending", async () => {
    const failing = harness(() => Promise.reject(new Error("boom")));
    failing.send({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    failing.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "x" } });
    expect(await failing.answerTo(1)).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32603, message: "Internal error" },
    });
    expect(await failing.answerTo(2)).toHaveProperty("error.code", -32603);

    const throwing = harness(() => ({
      list: () => {
        throw new Error("list broke");
      },
      call: () => Promise.reject(new Error("call broke")),
    }));
    throwing.send({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    throwing.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "x", arguments: {} } });
    expect(await throwing.answerTo(1)).toHaveProperty("error.code", -32603);
    expect(await throwing.answerTo(2)).toHaveProperty("error.code", -32603);
    expect(JSON.stringify(throwing.sent)).not.toMatch(/broke/);
    expect(throwing.dispatcher.pending.size).toBe(0);
  });
});
