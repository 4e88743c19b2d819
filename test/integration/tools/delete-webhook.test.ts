import { describe, expect, it } from "vitest";
import { json, offContract } from "../../helpers/fake-v0.js";
import { resultText } from "../../helpers/in-process.js";
import { STATUS_CASES, useToolHarness } from "../../helpers/tool-harness.js";

const h = useToolHarness();

describe("delete_webhook", () => {
  it("DELETEs the webhook and returns {id, deleted: true}", async () => {
    h.fake().expect("DELETE", "/v2/hooks/hook_123", json(200, { id: "hook_123", deleted: true }));
    const result = await h.mcp().call("delete_webhook", { webhookId: "hook_123" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ id: "hook_123", deleted: true });
    expect(resultText(result)).toMatch(/^Deleted webhook "hook_123"/);
  });

  it("says a webhook that is already gone no longer exists, with status 404", async () => {
    h.fake().expect("DELETE", "/v2/hooks/hook_123", json(404, { message: "Webhook not found" }));
    const result = await h.mcp().call("delete_webhook", { webhookId: "hook_123" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/404.*no longer exists/s);
  });

  it("rejects an answer that does not confirm the deletion", async () => {
    h.fake().expect(
      "DELETE",
      "/v2/hooks/hook_123",
      offContract("an answer that does not confirm the deletion", json(200, { id: "hook_123", deleted: false })),
    );
    const result = await h.mcp().call("delete_webhook", { webhookId: "hook_123" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/field "deleted"/);
  });

  it.each([401, 403, 500])("turns %i into an actionable error", async (status) => {
    const c = STATUS_CASES[status];
    h.fake().expect("DELETE", "/v2/hooks/hook_123", json(status, c?.body));
    const result = await h.mcp().call("delete_webhook", { webhookId: "hook_123" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(c?.expected ?? /never/);
  });
});
