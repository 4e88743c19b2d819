import { describe, expect, it } from "vitest";
import { gateway, hang, json } from "../helpers/fake-v0.js";
import { resultText } from "../helpers/in-process.js";
import { useToolHarness } from "../helpers/tool-harness.js";

/*
 * Every not-found and lost-answer message names the tool, and the arguments, to call next. Each
 * message is pinned here whole, after v0's part ("v0 API error 404 … v0 said: …").
 */
const h = useToolHarness({ timeoutMs: 200 });
const create = { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" };

describe("a 404 says what to call next", () => {
  it.each([
    [
      "create_webhook",
      { ...create, chatId: "chat_x" },
      "POST",
      "/v2/hooks",
      "Not found: v0 did not find the chat: check chatId (the id in the v0 chat's URL), then call create_webhook again with the same name, events and url and the right chatId, or without chatId to fire for every chat.",
    ],
    [
      "get_webhook",
      { webhookId: "hook_gone" },
      "GET",
      "/v2/hooks/hook_gone",
      'Not found: there is no webhook with this id (it may have been deleted); list_webhooks {"details":true} shows the current webhooks, or call list_webhooks with urlHost to find one by its destination.',
    ],
    [
      "update_webhook",
      { webhookId: "hook_gone", url: "https://new.my.app/hooks" },
      "PATCH",
      "/v2/hooks/hook_gone",
      'Not found: there is no webhook with this id (it may have been deleted). Find the current id with list_webhooks {"urlHost":"new.my.app"}, then call update_webhook again.',
    ],
    [
      "update_webhook",
      { webhookId: "hook_gone", name: "Renamed" },
      "PATCH",
      "/v2/hooks/hook_gone",
      'Not found: there is no webhook with this id (it may have been deleted). Find the current id with list_webhooks {"details":true}, then call update_webhook again.',
    ],
    [
      "delete_webhook",
      { webhookId: "hook_gone" },
      "DELETE",
      "/v2/hooks/hook_gone",
      'Not found: the webhook no longer exists (already deleted, or a wrong id), so there is nothing to delete; list_webhooks {"details":true} shows the current webhooks.',
    ],
    [
      "list_webhooks",
      {},
      "GET",
      "/v2/hooks",
      "Not found: v0 answered 404 for the webhook list itself, so the API address is wrong: check V0_API_BASE_URL (it should end in /v2), restart the server, then call list_webhooks again.",
    ],
  ])("%s %j", async (tool, args, method, path, hint) => {
    if (tool === "create_webhook") h.fake().expect("GET", "/v2/hooks", json(200, []));
    // v0 documents no 404 for the list itself: a wrong base URL's server answers it.
    const notFound = json(404, { message: "Not found" });
    h.fake().expect(method, path, tool === "list_webhooks" ? gateway(404, { message: "Not found" }) : notFound);
    const result = await h.mcp().call(tool, args);
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe(
      `v0 API error 404 Not Found on ${method} ${path.slice(3)}. v0 said: "Not found". ${hint}`,
    );
  });
});

describe("a lost answer says what may have happened and what to call next", () => {
  it.each([
    [
      "create_webhook",
      create,
      "POST",
      "/v2/hooks",
      'The request was sent, so the webhook may have been created. Calling create_webhook again with the same arguments is safe: it returns the existing webhook instead of making a second. list_webhooks {"urlHost":"my.app"} shows what points at that host.',
    ],
    [
      "update_webhook",
      { webhookId: "hook_1", name: "Renamed" },
      "PATCH",
      "/v2/hooks/hook_1",
      'The request was sent, so the change may have been applied: get_webhook {"webhookId":"hook_1"} shows the current state, and repeating the same update is safe.',
    ],
    [
      "delete_webhook",
      { webhookId: "hook_1" },
      "DELETE",
      "/v2/hooks/hook_1",
      'The request was sent, so the webhook may already be deleted: repeating delete_webhook {"webhookId":"hook_1"} is safe (404 then means it is gone).',
    ],
  ])("%s %j", async (tool, args, method, path, hint) => {
    if (tool === "create_webhook") h.fake().expect("GET", "/v2/hooks", json(200, []));
    h.fake().expect(method, path, hang());
    const result = await h.mcp().call(tool, args);
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe(
      `v0 did not answer ${method} ${path.slice(3)} within 200 ms (V0_TIMEOUT_MS). ${hint} Retry in a moment; raise V0_TIMEOUT_MS if this keeps happening.`,
    );
  });
});
