import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CallToolResult, createMCPClient, type MCPClient } from "@ai-sdk/mcp";
import { Experimental_StdioMCPTransport } from "@ai-sdk/mcp/mcp-stdio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BIN } from "../helpers/bin.js";
import { FakeV0, json, webhook } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { statefulHooks } from "../helpers/stateful-v0.js";

/**
 * The AI SDK's MCP client (@ai-sdk/mcp 1.0.102, `createMCPClient` + `Experimental_StdioMCPTransport`)
 * driving the built bin over stdio, against a local fake of the v0 API.
 *
 * What this version does (read from its source and checked here):
 * - `client.tools()` turns every MCP tool into a `dynamic` AI SDK tool whose `inputSchema` is our JSON
 *   Schema, with `additionalProperties: false` forced on.
 * - `execute(input, options?)`: the options argument is optional; the input is NOT validated against the
 *   schema by execute itself (generateText does that for model calls), so bad input reaches the server.
 * - It resolves to the raw MCP `CallToolResult` ({ content, structuredContent, isError? }). An `isError`
 *   result resolves too (no throw); `toModelOutput` then hands the model the text only, with no error
 *   flag: the model learns that the call failed from our message text.
 * - The transport passes the server only HOME, LOGNAME, PATH, SHELL, TERM, USER plus `env`.
 * - `stderr` defaults to "inherit"; the transport has no getter for a piped stderr, so to capture it give a
 *   file descriptor (as here).
 * - `close()` does not close stdin: it aborts the spawn, so the server gets SIGTERM, and it returns without
 *   waiting for the server to exit.
 * - Aborting a call (`abortSignal`) only stops waiting: no notifications/cancelled is sent, so the server
 *   finishes the call (a create still creates the webhook).
 */

let fake: FakeV0;
let logDir: string;
let logCount = 0;

beforeAll(async () => {
  fake = await FakeV0.start();
  logDir = mkdtempSync(join(tmpdir(), "ai-sdk-stderr-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(logDir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.otherwise(statefulHooks(TEST_KEY));
});

interface Connected {
  client: MCPClient;
  /** The server's stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

async function connect(env: Record<string, string>): Promise<Connected> {
  const logFile = join(logDir, `server-${++logCount}.log`);
  const fd = openSync(logFile, "w");
  const transport = new Experimental_StdioMCPTransport({
    command: process.execPath,
    args: [BIN],
    env,
    cwd: "/",
    stderr: fd,
  });
  const client = await createMCPClient({ transport, clientName: "ai-sdk-e2e" });
  return {
    client,
    stderr: () => readFileSync(logFile, "utf8"),
    close: async () => {
      await client.close();
      closeSync(fd);
    },
  };
}

const ARGS = { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" };

/** The MCP CallToolResult as execute() resolves it. */
interface ToolResult {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: unknown;
  isError?: boolean;
}

function textOf(result: ToolResult): string {
  return result.content.map((block) => block.text ?? `[${block.type}]`).join("\n");
}

/** `execute` is typed as possibly streaming (an AsyncIterable); an MCP tool's result never is. */
function single(value: unknown): ToolResult {
  expect(value).toBeTypeOf("object");
  expect(Symbol.asyncIterator in (value as object)).toBe(false);
  expect((value as ToolResult).content).toBeInstanceOf(Array);
  return value as ToolResult;
}

describe("AI SDK MCP client (stdio) against the built bin", () => {
  it("client.tools() has the five tools; create_webhook has a usable JSON input schema and the annotations", async () => {
    const mcp = await connect({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
    try {
      expect(mcp.client.serverInfo).toMatchObject({ name: "v0-webhooks-mcp" });
      const tools = await mcp.client.tools();
      expect(Object.keys(tools)).toEqual([
        "create_webhook",
        "list_webhooks",
        "get_webhook",
        "update_webhook",
        "delete_webhook",
      ]);
      const create = tools.create_webhook;
      if (!create) throw new Error("no create_webhook");
      expect(create.type).toBe("dynamic");
      expect(create.title).toBe("Create v0 webhook");
      expect(create.description).toMatch(/^Create a webhook on the v0 Platform API/);
      const schema = (create.inputSchema as unknown as { jsonSchema: Record<string, unknown> }).jsonSchema;
      expect(schema).toMatchObject({
        type: "object",
        required: ["name", "events", "url"],
        additionalProperties: false,
        properties: {
          name: { type: "string", minLength: 1, maxLength: 200 },
          events: { type: "array", minItems: 1, items: { type: "string", enum: expect.arrayContaining(ARGS.events) } },
          url: { type: "string" },
          chatId: { type: "string" },
        },
      });
      expect(create.metadata).toMatchObject({ annotations: { idempotentHint: true, destructiveHint: false } });
      expect(tools.list_webhooks?.metadata).toMatchObject({ annotations: { readOnlyHint: true } });
      expect(fake.requests).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it("execute() creates the webhook: the raw CallToolResult with structuredContent, and exactly one POST", async () => {
    const mcp = await connect({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
    try {
      const tools = await mcp.client.tools();
      const result = single(await tools.create_webhook?.execute(ARGS, { toolCallId: "t1", messages: [] }));
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({
        ...ARGS,
        id: expect.any(String),
        createdAt: expect.any(String),
        chatId: null,
        created: true,
      });
      const id = (result.structuredContent as { id: string }).id;
      expect(textOf(result)).toContain(`(id "${id}")`);

      const posts = fake.requests.filter((request) => request.method === "POST");
      expect(posts).toHaveLength(1);
      expect(posts[0]?.url).toBe("/v2/hooks");
      expect(JSON.parse(posts[0]?.body ?? "")).toEqual({ ...ARGS, chatId: null });

      // The second argument is optional in this version.
      const listed = single(await tools.list_webhooks?.execute({}));
      expect(listed.structuredContent).toEqual({ webhooks: [{ id, name: ARGS.name }] });
      expect(fake.unexpected).toEqual([]);
    } finally {
      await mcp.close();
    }
    expect(mcp.stderr()).toContain("ready on stdio");
    expect(mcp.stderr()).not.toContain(TEST_KEY);
  });

  it("an isError result (v0 answers 401) resolves as { isError: true, content }, and the model sees only its text", async () => {
    const mcp = await connect({ V0_API_KEY: "v0_wrong_key_0000", V0_API_BASE_URL: fake.baseUrl });
    try {
      const tools = await mcp.client.tools();
      const create = tools.create_webhook;
      const result = single(await create?.execute(ARGS, { toolCallId: "t2", messages: [] }));
      expect(result.isError).toBe(true);
      expect(result.structuredContent).toBeUndefined();
      expect(textOf(result)).toMatch(/401.*Invalid API key.*V0_API_KEY/s);
      expect(fake.requests.map((request) => `${request.method} ${request.url}`)).toEqual(["GET /v2/hooks"]);

      // What generateText would put in front of the model: the text, and no error flag.
      const forModel = await create?.toModelOutput?.({
        toolCallId: "t2",
        input: ARGS,
        output: result as unknown as CallToolResult,
      });
      expect(forModel).toEqual({ type: "content", value: [{ type: "text", text: textOf(result) }] });
    } finally {
      await mcp.close();
    }
  });

  it("execute() does not validate input: a bad event reaches the server, which answers isError and sends nothing", async () => {
    const mcp = await connect({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
    try {
      const tools = await mcp.client.tools();
      const result = single(await tools.create_webhook?.execute({ ...ARGS, events: ["message.done"] }));
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Invalid arguments for create_webhook; nothing was sent to v0/);
      expect(textOf(result)).toMatch(/events\[0\]: each event must be one of/);
      expect(fake.requests).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it("passes the server only the env it is given (plus HOME, PATH, ...): the parent's V0_API_KEY is not inherited", async () => {
    const saved = process.env.V0_API_KEY;
    process.env.V0_API_KEY = TEST_KEY;
    try {
      const mcp = await connect({ V0_API_BASE_URL: fake.baseUrl });
      try {
        const tools = await mcp.client.tools();
        const result = single(await tools.list_webhooks?.execute({}));
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(/^V0_API_KEY is not set/);
        expect(fake.requests).toEqual([]);
      } finally {
        await mcp.close();
      }
    } finally {
      if (saved === undefined) delete process.env.V0_API_KEY;
      else process.env.V0_API_KEY = saved;
    }
  });

  it("close() stops the server with SIGTERM rather than by closing its stdin", async () => {
    const mcp = await connect({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
    await mcp.client.tools();
    await mcp.close();
    await expect.poll(() => mcp.stderr(), { timeout: 10_000 }).toContain("shutting down (SIGTERM)");
    expect(mcp.stderr()).not.toContain("stdin closed");
  });

  it("aborting a call only stops waiting: the server is not told and the webhook is still created", async () => {
    fake.reset();
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake
      .expect("GET", "/v2/hooks", async (request, res, req) => {
        await released;
        json(200, [])(request, res, req);
      })
      .expect("POST", "/v2/hooks", json(200, webhook()));
    const mcp = await connect({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
    try {
      const tools = await mcp.client.tools();
      const controller = new AbortController();
      const call = Promise.resolve(
        tools.create_webhook?.execute(ARGS, { toolCallId: "t3", messages: [], abortSignal: controller.signal }),
      );
      await expect.poll(() => fake.requests.length, { timeout: 10_000 }).toBe(1);
      controller.abort();
      await expect(call).rejects.toThrow(/aborted/i);
      release();
      // The server carries on: its lookup answers, and it POSTs.
      await expect.poll(() => fake.requests.length, { timeout: 10_000 }).toBe(2);
      expect(fake.requests[1]?.method).toBe("POST");
      expect(fake.aborted).toEqual([]);
      // The client still works after an aborted call.
      fake.otherwise(json(200, []));
      expect(single(await tools.list_webhooks?.execute({})).isError).toBeFalsy();
      fake.assertDone();
    } finally {
      release();
      await mcp.close();
    }
  });
});
