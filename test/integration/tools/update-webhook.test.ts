import { describe, expect, it } from "vitest";
import { json, webhook } from "../../helpers/fake-v0.js";
import { resultText } from "../../helpers/in-process.js";
import { STATUS_CASES, useToolHarness } from "../../helpers/tool-harness.js";

const h = useToolHarness();

describe("update_webhook", () => {
  it("PATCHes only the fields given and returns the webhook", async () => {
    h.fake().expect("PATCH", "/v2/hooks/hook_123", json(200, webhook({ url: "https://my.app/v2/hooks" })));
    const result = await h.mcp().call("update_webhook", { webhookId: "hook_123", url: "https://my.app/v2/hooks" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual(webhook({ url: "https://my.app/v2/hooks" }));
    expect(h.fake().requests[0]?.body).toBe('{"url":"https://my.app/v2/hooks"}');
    expect(resultText(result)).toMatch(/^Updated webhook "Notify my app" \(id "hook_123"\)/);
  });

  it("validates name, events and url exactly as create does, and dedupes events", async () => {
    h.fake().expect("PATCH", "/v2/hooks/hook_123", json(200, webhook({ events: ["chat.created"], name: "N" })));
    await h
      .mcp()
      .call("update_webhook", { webhookId: "hook_123", name: " N ", events: ["chat.created", "chat.created"] });
    expect(JSON.parse(h.fake().requests[0]?.body ?? "")).toEqual({ name: "N", events: ["chat.created"] });
  });

  it.each([
    ["nothing to change", { webhookId: "hook_123" }, /give at least one of name, events or url/],
    [
      "chatId",
      { webhookId: "hook_123", chatId: "chat_2" },
      /chatId: cannot be changed.*delete it and create a new one/s,
    ],
    ["an empty name", { webhookId: "hook_123", name: "" }, /name: must not be empty/],
    ["empty events", { webhookId: "hook_123", events: [] }, /events: must list at least one/],
    ["an unknown event", { webhookId: "hook_123", events: ["message.done"] }, /events\[0\]: each event must be one of/],
    ["a plain-http url", { webhookId: "hook_123", url: "http://my.app/hooks" }, /V0_WEBHOOK_ALLOW_HTTP=1/],
    ["a relative url", { webhookId: "hook_123", url: "hooks" }, /url: must be an absolute URL/],
    ["no webhookId", { name: "x" }, /webhookId: is required/],
  ])("rejects %s and sends nothing", async (_what, args, message) => {
    const result = await h.mcp().call("update_webhook", args);
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(message);
    expect(resultText(result)).toContain("nothing was sent to v0");
    expect(h.fake().requests).toHaveLength(0);
  });

  it("names every bad argument of a call in one answer", async () => {
    const result = await h.mcp().call("update_webhook", {
      webhookId: "..",
      name: "x".repeat(201),
      events: "message.finished",
      url: "http://127.0.0.1/hooks",
      chatId: "chat_2",
    });
    expect(result.isError).toBe(true);
    expect(resultText(result).split("\n")).toEqual([
      "Invalid arguments for update_webhook; nothing was sent to v0.",
      "webhookId: must be a webhook id from list_webhooks, not a path segment",
      "name: must be at most 200 characters (a limit of this server, not of v0)",
      expect.stringMatching(/^events: must be an array of event types \(chat\.created, /),
      expect.stringMatching(/^url: must use https:\/\/ .*V0_WEBHOOK_ALLOW_HTTP=1/),
      "chatId: cannot be changed after a webhook is created; nothing was changed. To scope it to another chat, delete it and create a new one.",
      "Fix the arguments and call update_webhook again.",
    ]);
    expect(h.fake().requests).toHaveLength(0);
  });

  it("says that nothing would change along with the other problems, before anything is sent", async () => {
    const result = await h.mcp().call("update_webhook", { webhookId: "", chatId: "chat_2" });
    expect(resultText(result).split("\n").slice(1, -1)).toEqual([
      "webhookId: must not be empty",
      expect.stringMatching(/^chatId: cannot be changed/),
      "give at least one of name, events or url; the call has none of them",
    ]);
    expect(h.fake().requests).toHaveLength(0);
  });

  it.each([401, 403, 404, 422, 500])("turns %i into an actionable error", async (status) => {
    const c = STATUS_CASES[status];
    h.fake().expect("PATCH", "/v2/hooks/hook_123", json(status, c?.body));
    const result = await h.mcp().call("update_webhook", { webhookId: "hook_123", name: "x" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(c?.expected ?? /never/);
  });
});
