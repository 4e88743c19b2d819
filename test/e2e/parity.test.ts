import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpBin, type JsonRpcMessage, RawStdioSession, startHttpBin } from "../helpers/bin.js";
import { rpcAnswer } from "../helpers/http-answer.js";

/*
 * One engine, two transports: the same requests, of both protocol generations, valid and not, get
 * the same answers over stdio and over HTTP. Over stdio a session speaks the generation its first
 * message chose, so each list runs in a session of its own; over HTTP each request stands alone.
 */
const TOKEN = "parity-token-0123456789abcdef";
const MODERN = "2026-07-28";
const envelope = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientInfo": { name: "parity", version: "1" },
  "io.modelcontextprotocol/clientCapabilities": {},
};
const modern = (id: number, method: string, params: Record<string, unknown> = {}) => ({
  jsonrpc: "2.0",
  id,
  method,
  params: { ...params, _meta: { ...envelope, ...(params._meta as object | undefined) } },
});
const legacy = (id: number, method: string, params?: unknown) => ({
  jsonrpc: "2.0",
  id,
  method,
  ...(params === undefined ? {} : { params }),
});
const call = (name: string, args: unknown) => ({ name, arguments: args });
const badCreate = { name: "n", events: [], url: "https://my.app/hooks" };

const MODERN_REQUESTS = [
  modern(1, "server/discover"),
  modern(2, "tools/list"),
  modern(3, "tools/call", call("list_webhooks", {})),
  modern(4, "tools/call", call("get_webhook", { webhookId: "missing" })),
  modern(5, "tools/call", call("create_webhook", badCreate)),
  modern(6, "tools/call", call("no_such_tool", {})),
  modern(7, "tools/call", call("list_webhooks", [])),
  modern(8, "tools/call", call("delete_webhook", { webhookId: "x", constructor: {} })),
  modern(9, "no/such/method"),
  modern(10, "ping"),
  { jsonrpc: "2.0", id: 11, method: "tools/list", params: "not an object" },
];

/**
 * Requests whose envelope is wrong. Over HTTP every request opens anew; over stdio the SDK checks
 * the envelope in full only on a session's opening message, so each of these opens a session.
 */
const BAD_ENVELOPES = [
  modern(1, "tools/list", { _meta: { "io.modelcontextprotocol/protocolVersion": "1999-01-01" } }),
  modern(2, "tools/list", { _meta: { "io.modelcontextprotocol/clientInfo": "not an object" } }),
  modern(3, "server/discover", { _meta: { "io.modelcontextprotocol/clientCapabilities": [] } }),
];

const LEGACY_REQUESTS = [
  legacy(1, "initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "p", version: "1" } }),
  legacy(2, "ping"),
  legacy(3, "tools/list"),
  legacy(4, "tools/call", call("list_webhooks", {})),
  legacy(5, "tools/call", call("get_webhook", { webhookId: "missing" })),
  legacy(6, "tools/call", call("create_webhook", badCreate)),
  legacy(7, "tools/call", call("no_such_tool", {})),
  legacy(8, "tools/call", call("list_webhooks", [])),
  legacy(9, "tools/call"),
  legacy(10, "no/such/method"),
  legacy(11, "tools/list", "not an object"),
];

/** Each request as the opening message of a stdio session of its own. */
async function openingStdio(requests: JsonRpcMessage[]): Promise<JsonRpcMessage[]> {
  return (await Promise.all(requests.map((request) => overStdio([request])))).flat();
}

async function overStdio(requests: JsonRpcMessage[]): Promise<JsonRpcMessage[]> {
  const session = new RawStdioSession(["--sandbox"]);
  try {
    const answers: JsonRpcMessage[] = [];
    for (const request of requests) {
      session.send(request);
      answers.push(await session.response(request.id as number));
    }
    return answers;
  } finally {
    await session.kill();
  }
}

/** As a 2026-07-28 client sends it over HTTP: the protocol version, method and name as headers too. */
function headersFor(request: JsonRpcMessage): Record<string, string> {
  const params = request.params as { _meta?: Record<string, unknown>; name?: unknown } | undefined;
  const version = typeof params === "object" ? params?._meta?.["io.modelcontextprotocol/protocolVersion"] : undefined;
  if (typeof version !== "string") return {};
  return {
    "mcp-protocol-version": version,
    "mcp-method": String(request.method),
    ...(typeof params?.name === "string" && { "mcp-name": params.name }),
  };
}

async function overHttp(server: HttpBin, requests: JsonRpcMessage[]): Promise<JsonRpcMessage[]> {
  const answers: JsonRpcMessage[] = [];
  for (const request of requests) {
    const response = await fetch(server.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${TOKEN}`,
        ...headersFor(request),
      },
      body: JSON.stringify(request),
    });
    answers.push(await rpcAnswer(response));
  }
  return answers;
}

let http: HttpBin;
beforeAll(async () => {
  http = await startHttpBin({ MCP_HTTP_TOKEN: TOKEN }, ["--sandbox"]);
});
afterAll(() => {
  http.child.kill();
});

describe.each([
  ["2026-07-28", MODERN_REQUESTS],
  ["2025-11-25", LEGACY_REQUESTS],
])("%s requests, valid and invalid", (_era, requests) => {
  it("get the same answers over stdio and over HTTP", async () => {
    const stdio = await overStdio(requests);
    expect(await overHttp(http, requests)).toEqual(stdio);
    // Each request got its own answer, echoing its id.
    expect(stdio.map((answer) => answer.id)).toEqual(requests.map((request) => request.id));
  });
});

describe("2026-07-28 requests with a bad envelope", () => {
  it("get the same answers opening a stdio session as over HTTP: -32022 naming the revisions, or -32602", async () => {
    const stdio = await openingStdio(BAD_ENVELOPES);
    expect(await overHttp(http, BAD_ENVELOPES)).toEqual(stdio);
    expect(stdio.map((answer) => (answer.error as { code: number }).code)).toEqual([-32022, -32602, -32602]);
    expect(stdio[0]).toMatchObject({ error: { data: { supported: [MODERN], requested: "1999-01-01" } } });
  });

  // KNOWN, in SDK v2 2.4.0 (serveStdio): once a stdio session is pinned to 2026-07-28, later
  // requests reach the server instance without the entry's envelope check. One that claims another
  // revision is served as 2026-07-28 (the revision says: -32022), and a malformed envelope gets
  // -32602 in other words, without `data`. No client changes revision mid-session; this pins the
  // behaviour so an SDK fix shows up here (then these join BAD_ENVELOPES' parity in a session).
  it("inside a pinned stdio session are checked less strictly by the SDK (pinned here)", async () => {
    const pinning = [modern(10, "server/discover"), modern(11, "tools/list")];
    const [, , otherRevision, badClientInfo] = await overStdio([...pinning, ...BAD_ENVELOPES]);
    expect(otherRevision).toMatchObject({ id: 1, result: { resultType: "complete" } });
    expect(badClientInfo).toEqual({
      jsonrpc: "2.0",
      id: 2,
      error: {
        code: -32602,
        message:
          "Invalid _meta envelope for protocol revision 2026-07-28: Invalid input: expected object, received string",
      },
    });
  });
});

describe("2026-07-28 answers", () => {
  it("say what the revision asks for: discover, resultType, cache hints, errors with the request id", async () => {
    const [discover, list, listed, missing, , unknownTool, , , unknownMethod, ping, notAnObject] =
      await overStdio(MODERN_REQUESTS);
    expect(discover).toMatchObject({
      result: {
        supportedVersions: [MODERN],
        capabilities: { tools: {} },
        resultType: "complete",
        ttlMs: 3_600_000,
        cacheScope: "public",
        _meta: { "io.modelcontextprotocol/serverInfo": { name: "v0-webhooks-mcp" } },
      },
    });
    expect(list).toMatchObject({ result: { resultType: "complete", ttlMs: 3_600_000, cacheScope: "public" } });
    expect((list?.result as { tools: Array<{ name: string }> } | undefined)?.tools.map((tool) => tool.name)).toEqual([
      "create_webhook",
      "list_webhooks",
      "get_webhook",
      "update_webhook",
      "delete_webhook",
    ]);
    expect(listed).toMatchObject({ result: { resultType: "complete", structuredContent: { webhooks: [] } } });
    expect(missing).toMatchObject({ id: 4, result: { isError: true, resultType: "complete" } });
    expect(unknownTool).toMatchObject({
      id: 6,
      error: { code: -32602, message: expect.stringMatching(/^Unknown tool/) },
    });
    expect(unknownMethod).toMatchObject({ id: 9, error: { code: -32601 } });
    expect(ping).toMatchObject({ id: 10, error: { code: -32601 } });
    expect(notAnObject).toMatchObject({ id: 11, error: { code: -32600 } });
  });
});
