import { afterAll, afterEach, describe, expect, it } from "vitest";
import { INITIALIZE, type JsonRpcMessage, RawStdioSession, toolCall } from "../helpers/bin.js";

/*
 * Raw JSON-RPC over the built bin's stdio (--sandbox, so no key and no fake API): what a broken
 * or hostile client might write. Throughout, the process must keep running until stdin closes,
 * every stdout line must be a JSON-RPC 2.0 message, and closing stdin must exit 0.
 */

type Expectation = "once" | "at-most-once" | "never";

const VALID_CREATE = { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" };

function errorCode(message: JsonRpcMessage): unknown {
  return (message.error as { code?: unknown } | undefined)?.code;
}

function resultOf(message: JsonRpcMessage): { isError?: boolean; content?: Array<{ text?: string }> } {
  return message.result as { isError?: boolean; content?: Array<{ text?: string }> };
}

/*
 * Each test is one session of hostile input: the bin is started, (initialized,) fed what the test
 * writes, then stdin is closed, and the session must end well: exit 0, only JSON-RPC 2.0 on
 * stdout, every request answered exactly as often as it should be (and no answer to an id it was
 * never sent), no stack trace on stderr.
 */
interface Session {
  server: RawStdioSession;
  /** Every id this session sent, and how often it must (or may) be answered. */
  expected: Map<string | number, Expectation>;
  request(expectation: Expectation, message: JsonRpcMessage): void;
}

async function session(options: { initialize: boolean }, body: (session: Session) => Promise<void>): Promise<void> {
  const server = new RawStdioSession(["--sandbox"]);
  const expected = new Map<string | number, Expectation>();
  const request = (expectation: Expectation, message: JsonRpcMessage) => {
    expected.set(message.id as string | number, expectation);
    server.send(message);
  };
  try {
    if (options.initialize) {
      expected.set(1, "once");
      server.send(INITIALIZE);
      expect(await server.response(1)).toHaveProperty("result.serverInfo.name", "v0-webhooks-mcp");
    }
    await body({ server, expected, request });
    expect(server.running, `the server exited early; stderr:\n${server.stderr()}`).toBe(true);
    expect(await server.close()).toEqual({ code: 0, signal: null });
    expect(server.badLines).toEqual([]);
    expect(server.stdinErrors).toEqual([]);
    for (const [id, expectation] of expected) {
      const count = server.answers(id).length;
      if (expectation === "once") expect(count, `answers to ${JSON.stringify(id)}`).toBe(1);
      else if (expectation === "at-most-once") expect(count, `answers to ${JSON.stringify(id)}`).toBeLessThanOrEqual(1);
      else expect(count, `answers to ${JSON.stringify(id)}`).toBe(0);
    }
    // The server only answers: no requests or notifications of its own, no ids it was never sent.
    for (const message of server.messages) {
      expect(message).not.toHaveProperty("method");
      expect(expected.has(message.id as string | number), `answer to unknown id ${JSON.stringify(message.id)}`).toBe(
        true,
      );
    }
    expect(server.stderr()).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack traces
  } finally {
    await server.kill();
  }
}

describe("hostile input over raw stdio", () => {
  it("answers (or ignores) a tools/call sent before initialize, then initializes", () =>
    session({ initialize: false }, async ({ server, request, expected }) => {
      request("at-most-once", toolCall("before-init", "list_webhooks", {}));
      expected.set(1, "once");
      server.send(INITIALIZE);
      expect(await server.response(1)).toHaveProperty("result.serverInfo.name", "v0-webhooks-mcp");
      server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      expected.set("after-init", "once");
      await server.ping("after-init");
      for (const answer of server.answers("before-init")) {
        expect("result" in answer || "error" in answer).toBe(true);
      }
    }));

  it("skips empty lines, whitespace-only lines and malformed lines", () =>
    session({ initialize: true }, async ({ server, expected }) => {
      for (const line of [
        "",
        "",
        "   \t   ",
        "\r",
        "\t",
        "not json",
        "{",
        "}",
        "[",
        '{"jsonrpc": "2.0", "id": "cut", "method": ',
        "null",
        "42",
        '"a string"',
        "true",
        "{}",
        '{"jsonrpc":"2.0"}',
        '{"jsonrpc":"2.0","method":42}',
        '{"jsonrpc":"1.0","id":"v1","method":"ping"}',
        '{"id":"no-version","method":"ping"}',
        '{"jsonrpc":"2.0","id":null,"method":"ping"}',
        '{"jsonrpc":"2.0","id":{"an":"object"},"method":"ping"}',
        '{"jsonrpc":"2.0","id":"bad-params","method":"ping","params":"a string"}',
        '{"jsonrpc":"2.0","id":"bad-meta","method":"tools/call","params":{"name":"list_webhooks","_meta":[]}}',
        `\uFEFF${JSON.stringify({ jsonrpc: "2.0", id: "bom", method: "ping" })}`,
        "[".repeat(100_000),
        `{"jsonrpc":"2.0","id":"dup-key","id":"dup-key","method":"ping"`,
      ]) {
        server.send(line);
      }
      // Truncated JSON has no id to answer; a request the SDK cannot accept but whose id is usable
      // gets -32600, as over HTTP; a byte-order mark is whitespace.
      for (const id of ["cut", "dup-key"]) expected.set(id, "never");
      for (const id of ["v1", "no-version", "bad-params", "bad-meta", "bom"]) expected.set(id, "once");
      server.write(Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0x0a])); // invalid UTF-8, then a newline
      // Valid messages with odd framing are answered.
      expected.set("crlf", "once");
      server.write(`${JSON.stringify({ jsonrpc: "2.0", id: "crlf", method: "ping" })}\r\n`);
      expected.set("padded", "once");
      server.send(`  \t ${JSON.stringify({ jsonrpc: "2.0", id: "padded", method: "ping" })}   `);
      expected.set("deep-args", "once");
      server.send(
        `{"jsonrpc":"2.0","id":"deep-args","method":"tools/call","params":{"name":"get_webhook","arguments":{"webhookId":${"[".repeat(10_000)}${"]".repeat(10_000)}}}}`,
      );
      expected.set("after-malformed", "once");
      await server.ping("after-malformed");
      for (const id of ["v1", "no-version", "bad-params", "bad-meta"]) {
        expect(errorCode(await server.response(id)), id).toBe(-32600);
      }
      expect(await server.response("bom")).toHaveProperty("result");
      expect(await server.response("crlf")).toHaveProperty("result");
      expect(await server.response("padded")).toHaveProperty("result");
      const deep = resultOf(await server.response("deep-args"));
      expect(deep.isError).toBe(true);
      expect(deep.content?.[0]?.text).toMatch(/webhookId: must be a string/);
      expect(server.stderr()).toMatch(/ignored input that is not a JSON-RPC message/);
    }));

  it("answers an unknown method with -32601 and ignores an unknown notification", () =>
    session({ initialize: true }, async ({ server, request }) => {
      server.send({ jsonrpc: "2.0", method: "notifications/no-such-thing", params: {} });
      request("once", { jsonrpc: "2.0", id: "unknown-method", method: "no/such/method", params: {} });
      expect(errorCode(await server.response("unknown-method"))).toBe(-32601);
    }));

  it("ignores a JSON array (a batch) and JSON-RPC responses sent to it", () =>
    session({ initialize: true }, async ({ server, expected }) => {
      expected.set("in-batch", "never");
      server.send([{ jsonrpc: "2.0", id: "in-batch", method: "ping" }]);
      server.send([]);
      server.send("[1, 2, 3]");
      expected.set(77, "never");
      server.send({ jsonrpc: "2.0", id: 77, result: {} });
      expected.set(78, "never");
      server.send({ jsonrpc: "2.0", id: 78, error: { code: -32000, message: "a client error" } });
      expected.set("stray-response", "never");
      server.send({ jsonrpc: "2.0", id: "stray-response", result: { content: [] } });
      expected.set("after-responses", "once");
      await server.ping("after-responses");
    }));

  it("answers a tools/call whose name argument is 5 MB, and one whose tool name is 5 MB, and keeps serving", () =>
    session({ initialize: true }, async ({ server, request, expected }) => {
      const huge = "x".repeat(5 * 1024 * 1024);
      request("once", toolCall("huge-arg", "create_webhook", { ...VALID_CREATE, name: huge }));
      request("once", toolCall("huge-tool", huge, {}));
      const arg = await server.response("huge-arg");
      expect(resultOf(arg).isError).toBe(true);
      expect(resultOf(arg).content?.[0]?.text).toMatch(/name: must be at most 200 characters/);
      const tool = await server.response("huge-tool");
      expect(errorCode(tool)).toBe(-32602);
      expected.set("after-huge", "once");
      await server.ping("after-huge");
      request("once", toolCall("after-huge-call", "list_webhooks", {}));
      expect(await server.response("after-huge-call")).toHaveProperty("result.structuredContent.webhooks");
    }));

  it("answers each of 500 requests written at once exactly once", () =>
    session({ initialize: true }, async ({ server, request, expected }) => {
      const ids: string[] = [];
      const kinds = new Map<string, number>();
      let burst = "";
      for (let i = 0; i < 500; i++) {
        const id = `burst-${i}`;
        const kind = i % 10;
        ids.push(id);
        kinds.set(id, kind);
        expected.set(id, "once");
        const name = `burst ${i % 7}`;
        const message = [
          toolCall(id, "list_webhooks", {}),
          toolCall(id, "create_webhook", { ...VALID_CREATE, name }),
          toolCall(id, "create_webhook", { ...VALID_CREATE, name, events: "message.finished" }),
          toolCall(id, "get_webhook", { webhookId: `missing_${i}` }),
          toolCall(id, "update_webhook", { webhookId: `missing_${i}`, name: "renamed" }),
          toolCall(id, "delete_webhook", { webhookId: `missing_${i}` }),
          toolCall(id, "no_such_tool", {}),
          { jsonrpc: "2.0", id, method: "tools/list" },
          { jsonrpc: "2.0", id, method: "ping" },
          toolCall(id, "create_webhook", { ...VALID_CREATE, name, url: "http://my.app/hooks" }),
        ][kind];
        burst += `${JSON.stringify(message)}\n`;
      }
      server.write(burst);
      await server.responses(ids);

      const createdIds = new Set<string>();
      for (const id of ids) {
        const answers = server.answers(id);
        expect(answers, id).toHaveLength(1);
        const answer = answers[0] as JsonRpcMessage;
        const result = resultOf(answer);
        switch (kinds.get(id)) {
          case 0:
            expect(answer).toHaveProperty("result.structuredContent.webhooks");
            break;
          case 1:
            expect(result.isError, JSON.stringify(answer)).toBeFalsy();
            createdIds.add((answer as { result: { structuredContent: { id: string } } }).result.structuredContent.id);
            break;
          case 2:
          case 9:
            expect(result.isError).toBe(true);
            expect(result.content?.[0]?.text).toContain("nothing was sent to v0");
            break;
          case 3:
          case 4:
          case 5:
            expect(result.isError).toBe(true);
            expect(result.content?.[0]?.text).toMatch(/404/);
            break;
          case 6:
            expect(errorCode(answer)).toBe(-32602);
            break;
          case 7:
            expect(answer).toHaveProperty("result.tools");
            break;
          default:
            expect(answer).toEqual({ jsonrpc: "2.0", id, result: {} });
        }
      }
      // 50 creates over 7 distinct names made exactly 7 webhooks: concurrent twins share one, later ones find it.
      expect(createdIds.size).toBe(7);
      request("once", toolCall("after-burst", "list_webhooks", {}));
      const listed = (await server.response("after-burst")) as {
        result: { structuredContent: { webhooks: Array<{ name: string }> } };
      };
      expect(listed.result.structuredContent.webhooks.map((w) => w.name).sort()).toEqual(
        Array.from({ length: 7 }, (_, i) => `burst ${i}`),
      );
    }));
});

describe("oversized lines", () => {
  let server: RawStdioSession | undefined;
  afterAll(async () => {
    await server?.kill();
  });

  // The MCP SDK's own stdio transport closes itself on a line over 10 MiB, and the process then
  // exited 0 with stdin still open; lines this big must be answered or dropped, never fatal.
  it.each([12, 20])("keeps serving after a %i MB line", async (megabytes) => {
    server ??= new RawStdioSession(["--sandbox"]);
    if (server.answers(1).length === 0) {
      server.send(INITIALIZE);
      await server.response(1);
      server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    }
    const id = `huge-${megabytes}`;
    server.send(toolCall(id, "create_webhook", { ...VALID_CREATE, name: "x".repeat(megabytes * 1024 * 1024) }));
    await server.ping(`after-${id}`);
    const answers = server.answers(id);
    expect(answers.length).toBeLessThanOrEqual(1);
    if (answers[0]) expect(resultOf(answers[0]).isError).toBe(true);
    expect(server.running).toBe(true);
    expect(server.stdinErrors).toEqual([]);
    expect(server.badLines).toEqual([]);
  });

  it("still exits 0 when stdin closes", async () => {
    expect(await server?.close()).toEqual({ code: 0, signal: null });
  });
});

describe("malformed tools/call requests over raw stdio", () => {
  let server: RawStdioSession | undefined;
  afterEach(async () => {
    await server?.kill();
    server = undefined;
  });

  async function started(): Promise<RawStdioSession> {
    server = new RawStdioSession(["--sandbox"]);
    server.send(INITIALIZE);
    await server.response(1);
    server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    return server;
  }

  // Found by this test: an unknown tool name used to be echoed back in full (5 MB in, 5 MB out).
  it("answers an unknown 5 MB tool name with a short error", async () => {
    const session = await started();
    session.send(toolCall("huge-tool", "x".repeat(5 * 1024 * 1024), {}));
    const answer = await session.response("huge-tool");
    expect(errorCode(answer)).toBe(-32602);
    expect(JSON.stringify(answer).length).toBeLessThan(10_000);
  });

  // Found by this test: SDK v1's request validation answered these -32603 with a raw zod dump;
  // SDK v2 answers -32602 Invalid params, on stdio and HTTP alike (test/parity.test.ts).
  it.each([
    ["arguments a string", { name: "list_webhooks", arguments: "{}" }],
    ["arguments an array", { name: "list_webhooks", arguments: [] }],
    ["no params", undefined],
  ])("answers a tools/call with %s with -32602 Invalid params", async (_what, params) => {
    const session = await started();
    session.send({ jsonrpc: "2.0", id: "bad", method: "tools/call", ...(params === undefined ? {} : { params }) });
    expect(errorCode(await session.response("bad"))).toBe(-32602);
  });
});
