import type { ToolMessage } from "@langchain/core/messages";
import { ToolInputParsingException } from "@langchain/core/tools";
import { MultiServerMCPClient } from "@langchain/mcp-adapters";
import type { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BIN } from "../helpers/bin.js";
import { FakeV0 } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { statefulHooks } from "../helpers/stateful-v0.js";

/**
 * LangChain's MCP adapters (@langchain/mcp-adapters 1.1.4 with @langchain/core 1.4.0,
 * `MultiServerMCPClient`) driving the built bin over stdio, against a local fake of the v0 API.
 *
 * What this version does (read from its source and checked here):
 * - Each MCP tool becomes a DynamicStructuredTool (responseFormat "content_and_artifact") whose schema is
 *   our JSON Schema "simplified for LLMs": `anyOf` is dropped, which used to leave `chatId` (string | null)
 *   with no type at all. The server now advertises optional nullable inputs as their non-null branch, so
 *   chatId reaches LangChain as a string and LangChain checks it.
 * - Input is validated against that schema before the call: a bad event throws ToolInputParsingException
 *   ("Received tool input did not match expected schema", no field named) and nothing reaches the server.
 * - `invoke(args)` returns the content: because our results carry structuredContent next to one text
 *   block, that is an object `{ type: "text", text, structuredContent }`, not a string. Invoked with a tool
 *   call, the ToolMessage content is that object JSON-stringified, and the artifact holds
 *   `{ type: "mcp_structured_content", data }`.
 * - An `isError` result throws a ToolException, "MCP tool '<tool>' on server '<name>' returned an error:
 *   <our text>", also when invoked with a tool call (LangGraph's ToolNode turns it into an error message).
 * - With `env` set, the server gets that env plus PATH (added by the adapter) and HOME, LOGNAME, SHELL,
 *   TERM, USER (added by the MCP SDK); nothing else from the parent.
 * - `close()` closes the server's stdin (the server logs "stdin closed").
 */

const SERVER = "v0-webhooks";

let fake: FakeV0;

beforeAll(async () => {
  fake = await FakeV0.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.otherwise(statefulHooks(TEST_KEY));
});

interface Connected {
  client: MultiServerMCPClient;
  stderr(): string;
  tool(name: string): Promise<Awaited<ReturnType<MultiServerMCPClient["getTools"]>>[number]>;
}

async function connect(env: Record<string, string>): Promise<Connected> {
  const client = new MultiServerMCPClient({
    mcpServers: {
      [SERVER]: { transport: "stdio", command: process.execPath, args: [BIN], env, cwd: "/", stderr: "pipe" },
    },
  });
  const tools = await client.getTools();
  let stderr = "";
  const transport = (await client.getClient(SERVER))?.transport as StdioClientTransport | undefined;
  transport?.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return {
    client,
    stderr: () => stderr,
    tool: async (name) => {
      const found = tools.find((tool) => tool.name === name);
      if (!found) throw new Error(`no tool ${name} in ${tools.map((tool) => tool.name).join(", ")}`);
      return found;
    },
  };
}

const ARGS = { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" };

interface TextWithStructured {
  type: "text";
  text: string;
  structuredContent: Record<string, unknown>;
}

describe("LangChain MultiServerMCPClient (stdio) against the built bin", () => {
  it("getTools() has the five tools; create_webhook's schema keeps every property's type", async () => {
    const { client, tool } = await connect({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
    try {
      const names = (await client.getTools()).map((t) => t.name);
      expect(names).toEqual(["create_webhook", "list_webhooks", "get_webhook", "update_webhook", "delete_webhook"]);
      const create = await tool("create_webhook");
      expect(create.description).toMatch(/^Create a webhook on the v0 Platform API/);
      expect(create.metadata).toMatchObject({ annotations: { idempotentHint: true } });
      expect(create.schema).toMatchObject({
        type: "object",
        required: ["name", "events", "url"],
        additionalProperties: false,
        properties: {
          name: { type: "string" },
          events: { type: "array", items: { enum: expect.arrayContaining(ARGS.events) } },
          url: { type: "string" },
        },
      });
      expect((create.schema as { properties: Record<string, unknown> }).properties.chatId).toMatchObject({
        type: "string",
        description: expect.stringMatching(/v0 chat id/),
      });
      expect(fake.requests).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("invoke() creates the webhook: the content carries its id, exactly one POST; list_webhooks works too", async () => {
    const mcp = await connect({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
    try {
      const create = await mcp.tool("create_webhook");
      const result = (await create.invoke(ARGS)) as TextWithStructured;
      expect(result).toEqual({ type: "text", text: expect.any(String), structuredContent: expect.any(Object) });
      expect(result.structuredContent).toEqual({
        ...ARGS,
        id: expect.any(String),
        createdAt: expect.any(String),
        chatId: null,
        created: true,
      });
      const id = result.structuredContent.id as string;
      expect(result.text).toContain(`Created webhook "Notify my app" (id "${id}")`);

      const posts = fake.requests.filter((request) => request.method === "POST");
      expect(posts).toHaveLength(1);
      expect(posts[0]?.url).toBe("/v2/hooks");
      expect(JSON.parse(posts[0]?.body ?? "")).toEqual({ ...ARGS, chatId: null });

      const list = await mcp.tool("list_webhooks");
      const listed = (await list.invoke({})) as TextWithStructured;
      expect(listed.structuredContent).toEqual({ webhooks: [{ id, name: ARGS.name }] });
      expect(listed.text).toContain(id);
      expect(fake.unexpected).toEqual([]);
    } finally {
      await mcp.client.close();
    }
    expect(mcp.stderr()).toContain("ready on stdio");
    expect(mcp.stderr()).not.toContain(TEST_KEY);
  });

  it("invoked with a tool call, it returns a ToolMessage whose content is the text block JSON-stringified", async () => {
    const mcp = await connect({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
    try {
      const create = await mcp.tool("create_webhook");
      const message = (await create.invoke({
        id: "call_1",
        name: "create_webhook",
        type: "tool_call",
        args: ARGS,
      })) as ToolMessage;
      expect(message.tool_call_id).toBe("call_1");
      expect(message.status).toBe("success");
      expect(typeof message.content).toBe("string");
      const content = JSON.parse(message.content as string) as TextWithStructured;
      expect(content.type).toBe("text");
      expect(content.structuredContent).toMatchObject({ ...ARGS, created: true });
      expect(message.artifact).toEqual([{ type: "mcp_structured_content", data: content.structuredContent }]);
    } finally {
      await mcp.client.close();
    }
  });

  it("an isError result (v0 answers 401) throws a ToolException carrying our message, also for a tool call", async () => {
    const mcp = await connect({ V0_API_KEY: "v0_wrong_key_0000", V0_API_BASE_URL: fake.baseUrl });
    try {
      const create = await mcp.tool("create_webhook");
      const error = await create.invoke(ARGS).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.name).toBe("ToolException");
      expect(error?.message).toMatch(
        /^MCP tool 'create_webhook' on server 'v0-webhooks' returned an error: v0 API error 401.*Invalid API key.*V0_API_KEY/s,
      );
      await expect(
        create.invoke({ id: "call_2", name: "create_webhook", type: "tool_call", args: ARGS }),
      ).rejects.toMatchObject({ name: "ToolException" });
      expect(fake.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
        "GET /v2/hooks",
        "GET /v2/hooks",
      ]);
    } finally {
      await mcp.client.close();
    }
  });

  it("validates input itself: a bad event or a mistyped chatId never reaches the server", async () => {
    const mcp = await connect({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl });
    try {
      const create = await mcp.tool("create_webhook");
      const parsing = create.invoke({ ...ARGS, events: ["message.done"] });
      await expect(parsing).rejects.toBeInstanceOf(ToolInputParsingException);
      await expect(parsing).rejects.toThrow(/^Received tool input did not match expected schema$/);

      await expect(create.invoke({ ...ARGS, chatId: 42 })).rejects.toBeInstanceOf(ToolInputParsingException);
      expect(fake.requests).toEqual([]);
    } finally {
      await mcp.client.close();
    }
  });

  it("passes the server only the env it is given (plus PATH, HOME, ...): the parent's V0_API_KEY is not inherited; close() closes stdin", async () => {
    const saved = process.env.V0_API_KEY;
    process.env.V0_API_KEY = TEST_KEY;
    try {
      const mcp = await connect({ V0_API_BASE_URL: fake.baseUrl });
      try {
        const list = await mcp.tool("list_webhooks");
        await expect(list.invoke({})).rejects.toThrow(/returned an error: V0_API_KEY is not set/);
        expect(fake.requests).toEqual([]);
      } finally {
        await mcp.client.close();
      }
      await expect.poll(() => mcp.stderr(), { timeout: 10_000 }).toContain("shutting down (stdin closed)");
    } finally {
      if (saved === undefined) delete process.env.V0_API_KEY;
      else process.env.V0_API_KEY = saved;
    }
  });
});
