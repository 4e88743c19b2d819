import { afterAll, expect, it, vi } from "vitest";
import { BIN } from "../helpers/bin.js";
import { FakeV0 } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { statefulHooks } from "../helpers/stateful-v0.js";

/**
 * docs/clients.md's "use it from code" snippet for the AI SDK, run as written (at module top level, the way
 * a user's ESM script runs it). Only the three server* variables differ from the doc: there they are
 * `"npx"`, `["-y", "v0-webhooks-mcp"]` and `{ V0_API_KEY: "your-v0-api-key" }`; here they start the
 * built bin against a local fake of the v0 API, so nothing reaches the network.
 */

const fake = await FakeV0.start();
fake.otherwise(statefulHooks(TEST_KEY));
afterAll(async () => {
  await fake.close();
});
const printed = vi.spyOn(console, "log").mockImplementation(() => {});

const serverCommand = process.execPath;
const serverArgs = [BIN];
const serverEnv = { V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl };

// readme-snippet:start ai-sdk
import { createMCPClient } from "@ai-sdk/mcp";
import { Experimental_StdioMCPTransport } from "@ai-sdk/mcp/mcp-stdio";

const mcpClient = await createMCPClient({
  transport: new Experimental_StdioMCPTransport({
    command: serverCommand, // "npx"
    args: serverArgs, // ["-y", "v0-webhooks-mcp"]
    env: serverEnv, // { V0_API_KEY: "your-v0-api-key" }: the key goes in env, never in args
  }),
});
try {
  // Pass `tools` to generateText or streamText; here one is called directly.
  const tools = await mcpClient.tools();
  const result = await tools.create_webhook?.execute({
    name: "Notify my app",
    events: ["message.finished"],
    url: "https://my.app/hooks",
  });
  console.log(result); // { content, structuredContent: { id, ..., created: true } }; on failure { isError: true, content }
} finally {
  await mcpClient.close();
}
// readme-snippet:end ai-sdk

const logged = printed.mock.calls.map((call) => call[0] as unknown);
printed.mockRestore();

it("the AI SDK snippet in docs/clients.md creates the webhook and prints the tool result", () => {
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({
    structuredContent: {
      name: "Notify my app",
      events: ["message.finished"],
      url: "https://my.app/hooks",
      chatId: null,
      created: true,
    },
  });
  expect(logged[0]).not.toHaveProperty("isError", true);
  const posts = fake.requests.filter((request) => request.method === "POST");
  expect(posts).toHaveLength(1);
  expect(JSON.parse(posts[0]?.body ?? "")).toEqual({
    name: "Notify my app",
    events: ["message.finished"],
    url: "https://my.app/hooks",
    chatId: null,
  });
});
