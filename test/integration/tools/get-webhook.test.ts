import { describe, expect, it } from "vitest";
import { json, webhook } from "../../helpers/fake-v0.js";
import { resultText } from "../../helpers/in-process.js";
import { STATUS_CASES, useToolHarness } from "../../helpers/tool-harness.js";

const h = useToolHarness();

describe("get_webhook", () => {
  it("returns the webhook", async () => {
    h.fake().expect("GET", "/v2/hooks/hook_123", json(200, webhook({ chatId: "chat_9" })));
    const result = await h.mcp().call("get_webhook", { webhookId: "hook_123" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual(webhook({ chatId: "chat_9" }));
    expect(resultText(result)).toMatch(
      /^Webhook "Notify my app" \(id "hook_123"\) sends message\.finished events of chat "chat_9"/,
    );
  });

  it.each([
    ["../chats", "/v2/hooks/..%2Fchats"],
    ["a/b?x=1", "/v2/hooks/a%2Fb%3Fx%3D1"],
  ])("keeps the id %s inside /hooks/ (it cannot reach another endpoint)", async (id, path) => {
    h.fake().expect("GET", path, json(404, { message: "Webhook not found" }));
    const result = await h.mcp().call("get_webhook", { webhookId: id });
    expect(result.isError).toBe(true);
    expect(h.fake().requests.map((r) => r.url)).toEqual([path]);
  });

  it("rejects an empty, missing or dot-segment webhookId without calling v0", async () => {
    for (const args of [{}, { webhookId: "  " }, { webhookId: 7 }, { webhookId: ".." }, { webhookId: "." }]) {
      const result = await h.mcp().call("get_webhook", args);
      expect(result.isError).toBe(true);
      expect(resultText(result)).toMatch(/webhookId: /);
    }
    expect(h.fake().requests).toHaveLength(0);
  });

  it.each([401, 404, 500])("turns %i into an actionable error", async (status) => {
    const c = STATUS_CASES[status];
    h.fake().expect("GET", "/v2/hooks/hook_123", json(status, c?.body));
    const result = await h.mcp().call("get_webhook", { webhookId: "hook_123" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(c?.expected ?? /never/);
    if (status === 404) expect(resultText(result)).toMatch(/list_webhooks/);
  });
});
