import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpBin, type JsonRpcMessage, RawStdioSession, startHttpBin } from "../helpers/bin.js";
import { json, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { rpcAnswer } from "../helpers/http-answer.js";
import { TEST_KEY } from "../helpers/in-process.js";

/*
 * The built bin, spoken to in raw JSON-RPC over stdio and stateless HTTP: the delete question as
 * a 2025 `elicitation/create` and as a 2026-07-28 `input_required` round trip (declined, then
 * accepted), what binds an answer to the call that asked, a completion and a resource read.
 * With TRANSCRIPTS_DIR set, each exchange is written there as it went over the wire.
 */
const fake = useFakeV0();
const HOOK = webhook({
  id: "hook_1",
  name: "Notify my app",
  url: "https://my.app/hooks",
  events: ["message.finished"],
});
const DELETED = { id: "hook_1", deleted: true };
const CAN_ASK = { elicitation: { form: {} } };
const meta = (capabilities: Record<string, unknown>) => ({
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
  "io.modelcontextprotocol/clientCapabilities": capabilities,
});
const deleteCall = (
  id: number,
  webhookId: string,
  extra: Record<string, unknown> = {},
  capabilities: Record<string, unknown> = CAN_ASK,
) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name: "delete_webhook", arguments: { webhookId }, ...extra, _meta: meta(capabilities) },
});

/** What went over the wire, in order: `>>` from the client, `<<` from the server. */
class Transcript {
  readonly lines: string[] = [];
  out(message: unknown): void {
    this.lines.push(`>> ${JSON.stringify(message)}`);
  }
  in(message: unknown): void {
    this.lines.push(`<< ${JSON.stringify(message)}`);
  }
  save(name: string): void {
    const dir = process.env.TRANSCRIPTS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), `${this.lines.join("\n")}\n`);
  }
}

/** The bin over stdio, every line recorded. */
function stdio(env: Record<string, string> = {}) {
  const server = new RawStdioSession([], { V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl, ...env });
  const transcript = new Transcript();
  let read = 0;
  const drain = () => {
    for (; read < server.messages.length; read++) transcript.in(server.messages[read]);
  };
  return {
    server,
    transcript,
    send(message: JsonRpcMessage) {
      drain();
      transcript.out(message);
      server.send(message);
    },
    async response(id: number | string): Promise<JsonRpcMessage> {
      const answer = await server.response(id);
      drain();
      return answer;
    },
    /** The next request the server sends to the client. */
    async request(method: string): Promise<JsonRpcMessage> {
      const seen = () => server.messages.find((m) => m.method === method && "id" in m && !answered.has(m.id));
      // Wait for the server's next output, not a timer (the test's timeout bounds it).
      while (!seen()) await new Promise((resolve) => server.child.stdout.once("data", resolve));
      const request = seen() as JsonRpcMessage;
      answered.add(request.id);
      drain();
      return request;
    },
  };
}
const answered = new Set<unknown>();

const resultOf = (answer: JsonRpcMessage) => answer.result as Record<string, unknown>;
const textOf = (answer: JsonRpcMessage) =>
  ((resultOf(answer).content as Array<{ text: string }> | undefined) ?? []).map((block) => block.text).join("\n");

describe("the built bin over stdio, 2026-07-28: input_required for a delete", () => {
  it("declined, then accepted: the question names the webhook; only the accepted call deletes", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    fake.expect("DELETE", "/v2/hooks/hook_1", json(200, DELETED));
    const s = stdio();
    try {
      s.send(deleteCall(1, "hook_1"));
      const asked = resultOf(await s.response(1));
      expect(asked.resultType).toBe("input_required");
      const question = (asked.inputRequests as Record<string, { method: string; params: { message: string } }>).confirm;
      expect(question?.method).toBe("elicitation/create");
      expect(question?.params.message).toMatch(
        /^Delete a v0 webhook "Notify my app" \(id "hook_1"\), which sends message\.finished events of every chat to "https:\/\/my\.app\/hooks"\?/,
      );
      const state = asked.requestState as string;

      s.send(deleteCall(2, "hook_1", { inputResponses: { confirm: { action: "decline" } }, requestState: state }));
      const declined = await s.response(2);
      expect(resultOf(declined).isError).toBe(true);
      expect(textOf(declined)).toMatch(/^The user declined .*nothing was deleted/);

      s.send(deleteCall(3, "hook_1"));
      const again = resultOf(await s.response(3));
      s.send(
        deleteCall(4, "hook_1", {
          inputResponses: { confirm: { action: "accept", content: {} } },
          requestState: again.requestState,
        }),
      );
      const accepted = await s.response(4);
      expect(resultOf(accepted).structuredContent).toEqual(DELETED);
      s.transcript.save("delete-2026-07-28-stdio.jsonl");
      expect(fake.requests.map((r) => r.method)).toEqual(["GET", "GET", "DELETE"]);
    } finally {
      await s.server.kill();
    }
  });

  it("binds the answer to the call that asked: no state, another call's state, or a forged one do not delete", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    fake.expect("GET", "/v2/hooks/hook_2", json(200, { ...HOOK, id: "hook_2" }));
    fake.expect("DELETE", "/v2/hooks/hook_1", json(200, DELETED));
    const s = stdio();
    try {
      // An accept the server never asked for: asked anyway.
      s.send(deleteCall(1, "hook_1", { inputResponses: { confirm: { action: "accept" } } }));
      const first = resultOf(await s.response(1));
      expect(first.resultType).toBe("input_required");
      // hook_1's state and an accept, on a call for hook_2: asked again, nothing deleted.
      s.send(
        deleteCall(2, "hook_2", {
          inputResponses: { confirm: { action: "accept" } },
          requestState: first.requestState,
        }),
      );
      expect(resultOf(await s.response(2)).resultType).toBe("input_required");
      // A state changed by the client: refused before the tool runs.
      const forged = `${(first.requestState as string).slice(0, -2)}AA`;
      s.send(deleteCall(3, "hook_1", { inputResponses: { confirm: { action: "accept" } }, requestState: forged }));
      expect(await s.response(3)).toMatchObject({ error: { code: -32602 } });
      // Without the elicitation capability this request is not asked: the host's approval stands.
      s.send(
        deleteCall(
          4,
          "hook_1",
          { inputResponses: { confirm: { action: "decline" } }, requestState: first.requestState },
          {},
        ),
      );
      expect(resultOf(await s.response(4)).structuredContent).toEqual(DELETED);
      expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        "GET /v2/hooks/hook_1",
        "GET /v2/hooks/hook_2",
        "DELETE /v2/hooks/hook_1",
      ]);
    } finally {
      await s.server.kill();
    }
  });

  it("completes the event argument, and reads a webhook resource (transcripts)", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    const s = stdio();
    try {
      s.send({
        jsonrpc: "2.0",
        id: 1,
        method: "completion/complete",
        params: {
          ref: { type: "ref/prompt", name: "set_up_webhook" },
          argument: { name: "event", value: "message.f" },
          _meta: meta({}),
        },
      });
      expect(resultOf(await s.response(1)).completion).toMatchObject({ values: ["message.finished"] });
      s.transcript.save("completion-2026-07-28-stdio.jsonl");

      const read = stdio();
      try {
        read.send({
          jsonrpc: "2.0",
          id: 1,
          method: "resources/read",
          params: { uri: "v0-webhooks://webhooks/hook_1", _meta: meta({}) },
        });
        const result = resultOf(await read.response(1));
        expect(result).toMatchObject({ ttlMs: 5000, cacheScope: "private" });
        expect(JSON.parse((result.contents as Array<{ text: string }>)[0]?.text ?? "")).toMatchObject({ id: "hook_1" });
        read.transcript.save("resource-read-2026-07-28-stdio.jsonl");
      } finally {
        await read.server.kill();
      }
    } finally {
      await s.server.kill();
    }
  });
});

describe("the built bin over stdio, 2025-11-25: a real elicitation/create for a delete", () => {
  it("declined, then accepted", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    fake.expect("DELETE", "/v2/hooks/hook_1", json(200, DELETED));
    const s = stdio();
    try {
      s.send({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: CAN_ASK, clientInfo: { name: "raw", version: "1" } },
      });
      await s.response(1);
      s.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      for (const [id, action] of [
        [2, "decline"],
        [3, "accept"],
      ] as const) {
        s.send({
          jsonrpc: "2.0",
          id,
          method: "tools/call",
          params: { name: "delete_webhook", arguments: { webhookId: "hook_1" } },
        });
        const elicit = await s.request("elicitation/create");
        expect((elicit.params as { message: string }).message).toContain('"Notify my app" (id "hook_1")');
        s.send({
          jsonrpc: "2.0",
          id: elicit.id as number,
          result: action === "accept" ? { action, content: {} } : { action },
        });
        const answer = await s.response(id);
        if (action === "decline") expect(textOf(answer)).toMatch(/nothing was deleted/);
        else expect(resultOf(answer).structuredContent).toEqual(DELETED);
      }
      s.transcript.save("delete-2025-11-25-stdio.jsonl");
    } finally {
      await s.server.kill();
    }
  });
});

describe("the built bin over stateless HTTP", () => {
  const TOKEN = "confirm-token-0123456789abcdef";
  let http: HttpBin;
  beforeAll(async () => {
    http = await startHttpBin({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl, MCP_HTTP_TOKEN: TOKEN });
  });
  afterAll(() => {
    http?.child.kill("SIGKILL");
  });
  const post = async (transcript: Transcript, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    transcript.out(body);
    const response = await fetch(http.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${TOKEN}`,
        ...headers,
      },
      body: JSON.stringify(body),
    });
    const answer = await rpcAnswer(response);
    transcript.in(answer);
    return answer;
  };

  it("2026-07-28: input_required, declined then accepted, each round its own request", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    fake.expect("DELETE", "/v2/hooks/hook_1", json(200, DELETED));
    const t = new Transcript();
    // A 2026-07-28 request names its method and tool in headers too (the SDK checks they agree with the body).
    const headers = { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "delete_webhook" };
    const first = resultOf(await post(t, deleteCall(1, "hook_1"), headers));
    expect(first.resultType).toBe("input_required");
    const declined = await post(
      t,
      deleteCall(2, "hook_1", { inputResponses: { confirm: { action: "decline" } }, requestState: first.requestState }),
      headers,
    );
    expect(textOf(declined)).toMatch(/nothing was deleted/);
    const again = resultOf(await post(t, deleteCall(3, "hook_1"), headers));
    const accepted = await post(
      t,
      deleteCall(4, "hook_1", {
        inputResponses: { confirm: { action: "accept", content: {} } },
        requestState: again.requestState,
      }),
      headers,
    );
    expect(resultOf(accepted).structuredContent).toEqual(DELETED);
    t.save("delete-2026-07-28-http.jsonl");
  });

  it("2025-era stateless: no session to carry a question, so nothing is asked and the host's approval stands", async () => {
    fake.expect("DELETE", "/v2/hooks/hook_1", json(200, DELETED));
    const t = new Transcript();
    const answer = await post(t, {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "delete_webhook", arguments: { webhookId: "hook_1" } },
    });
    expect(resultOf(answer).structuredContent).toEqual(DELETED);
  });
});
