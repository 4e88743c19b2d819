import { describe, expect, it } from "vitest";
import { hang, json, offContract, type Responder, webhook } from "../../helpers/fake-v0.js";
import { connectInProcess, resultText } from "../../helpers/in-process.js";
import { STATUS_CASES, useToolHarness } from "../../helpers/tool-harness.js";

const h = useToolHarness();

describe("list_webhooks", () => {
  it("returns v0's bare array as {webhooks}", async () => {
    h.fake().expect(
      "GET",
      "/v2/hooks",
      offContract(
        "v2 is beta: an extra field must be dropped",
        json(200, [
          { id: "h1", name: "One", extra: 1 },
          { id: "h2", name: "Two" },
        ]),
      ),
    );
    const result = await h.mcp().call("list_webhooks", {});
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      webhooks: [
        { id: "h1", name: "One" },
        { id: "h2", name: "Two" },
      ],
    });
    expect(resultText(result)).toMatch(/^2 webhooks: "One" \(id "h1"\), "Two" \(id "h2"\)\./);
  });

  it("accepts the {items} envelope one docs page shows", async () => {
    h.fake().expect(
      "GET",
      "/v2/hooks",
      offContract("the {items} envelope one docs page shows", json(200, { items: [{ id: "h1", name: "One" }] })),
    );
    const result = await h.mcp().call("list_webhooks", {});
    expect(result.structuredContent).toEqual({ webhooks: [{ id: "h1", name: "One" }] });
  });

  it("says so when there are none", async () => {
    h.fake().expect("GET", "/v2/hooks", json(200, []));
    const result = await h.mcp().call("list_webhooks", {});
    expect(resultText(result)).toMatch(/^There are no webhooks/);
  });

  it("names its fields when given another", async () => {
    const result = await h.mcp().call("list_webhooks", { limit: 5 });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/unknown field\(s\) "limit"; allowed fields: details, event, urlHost, chatId/);
  });

  it.each([401, 500])("turns %i into an actionable error", async (status) => {
    const c = STATUS_CASES[status];
    h.fake().expect("GET", "/v2/hooks", json(status, c?.body));
    const result = await h.mcp().call("list_webhooks", {});
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(c?.expected ?? /never/);
  });
});

/** A v0 with `count` webhooks, answering GET /hooks/{id} through `get` (default: the webhook), and counting concurrency. */
function manyHooks(count: number, get?: (id: string) => Responder | undefined) {
  const hooks = Array.from({ length: count }, (_, i) =>
    webhook({
      id: `hook_${i}`,
      name: `Hook ${i}`,
      events: i % 2 ? ["message.finished"] : ["chat.created"],
      url: i % 3 ? `https://app${i % 3}.example.com/hooks` : "https://old.my.app/hooks",
      chatId: i % 5 ? null : `chat_${i}`,
    }),
  );
  const state = { inFlight: 0, maxInFlight: 0 };
  const responder: Responder = async (request, res, req) => {
    if (request.url === "/v2/hooks")
      return json(
        200,
        hooks.map(({ id, name }) => ({ id, name })),
      )(request, res, req);
    const id = decodeURIComponent(request.url.slice("/v2/hooks/".length));
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    // Hold each answer a moment, so reads overlap and the concurrency cap is what limits them.
    await new Promise((resolve) => setImmediate(resolve));
    state.inFlight--;
    const hook = hooks.find((h) => h.id === id);
    const custom = get?.(id);
    if (custom) return custom(request, res, req);
    return hook ? json(200, hook)(request, res, req) : json(404, { message: "Webhook not found" })(request, res, req);
  };
  return { hooks, state, responder };
}

describe("list_webhooks with details or filters", () => {
  it("stays one request without them", async () => {
    h.fake().expect("GET", "/v2/hooks", json(200, [{ id: "h1", name: "One" }]));
    const result = await h.mcp().call("list_webhooks", {});
    expect(result.structuredContent).toEqual({ webhooks: [{ id: "h1", name: "One" }] });
  });

  it.each([0, 1])("reads %i webhook(s) in full with details: true", async (count) => {
    const v0 = manyHooks(count);
    h.fake().otherwise(v0.responder);
    const result = await h.mcp().call("list_webhooks", { details: true });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ webhooks: v0.hooks, failed: [] });
    expect(h.fake().requests).toHaveLength(1 + count);
  });

  it("filters 200 webhooks by event and destination host, reading at most 8 at once", async () => {
    const v0 = manyHooks(200);
    h.fake().otherwise(v0.responder);
    const result = await h.mcp().call("list_webhooks", { event: "message.finished", urlHost: "*.example.com" });
    const expected = v0.hooks.filter(
      (hook) => (hook.events as string[]).includes("message.finished") && !String(hook.url).includes("old.my.app"),
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(result.structuredContent).toEqual({ webhooks: expected, failed: [] });
    expect(v0.state.maxInFlight).toBeLessThanOrEqual(8);
    expect(v0.state.maxInFlight).toBeGreaterThan(1);
    expect(resultText(result)).toMatch(
      new RegExp(`^${expected.length} webhooks: "Hook 1" \\(id "hook_1"\\) → "https://app1`),
    );
  });

  it("finds what still points at a host, and the webhooks of every chat or of one chat", async () => {
    const v0 = manyHooks(20);
    h.fake().otherwise(v0.responder);
    const old = await h.mcp().call("list_webhooks", { urlHost: "old.my.app" });
    expect((old.structuredContent as { webhooks: Array<{ id: string }> }).webhooks.map((w) => w.id)).toEqual([
      "hook_0",
      "hook_3",
      "hook_6",
      "hook_9",
      "hook_12",
      "hook_15",
      "hook_18",
    ]);
    const everyChat = await h.mcp().call("list_webhooks", { chatId: null });
    expect((everyChat.structuredContent as { webhooks: unknown[] }).webhooks).toHaveLength(16);
    const oneChat = await h.mcp().call("list_webhooks", { chatId: "chat_5" });
    expect((oneChat.structuredContent as { webhooks: Array<{ id: string }> }).webhooks.map((w) => w.id)).toEqual([
      "hook_5",
    ]);
  });

  it("leaves out a webhook deleted while listing, and reports one v0 could not read without failing the rest", async () => {
    const v0 = manyHooks(12, (id) =>
      id === "hook_4"
        ? json(404, { message: "Webhook not found" })
        : id === "hook_7"
          ? json(500, { message: "Oops" })
          : undefined,
    );
    h.fake().otherwise(v0.responder);
    const result = await h.mcp().call("list_webhooks", { details: true });
    expect(result.isError).toBeFalsy();
    const { webhooks, failed } = result.structuredContent as { webhooks: Array<{ id: string }>; failed: unknown[] };
    expect(webhooks.map((w) => w.id)).toEqual(
      v0.hooks.map((hook) => hook.id).filter((id) => id !== "hook_4" && id !== "hook_7"),
    );
    expect(failed).toEqual([{ id: "hook_7", reason: "v0 answered 500: Oops" }]);
    expect(resultText(result)).toMatch(/1 could not be read \(see failed\); call list_webhooks again, or get_webhook/);
  });

  it("reports what it could not read when the call's time budget runs out", async () => {
    const mcp = await connectInProcess({ config: { baseUrl: h.fake().baseUrl, timeoutMs: 300 } });
    try {
      const v0 = manyHooks(20, () => hang());
      h.fake().otherwise(v0.responder);
      const result = await mcp.call("list_webhooks", { details: true });
      expect(result.isError).toBeFalsy();
      const { webhooks, failed } = result.structuredContent as {
        webhooks: unknown[];
        failed: Array<{ id: string; reason: string }>;
      };
      expect(webhooks).toEqual([]);
      expect(failed.map((f) => f.id)).toEqual(v0.hooks.map((hook) => hook.id));
      expect(failed.slice(0, 8).every((f) => /did not answer within the call's time budget/.test(f.reason))).toBe(true);
      expect(
        failed.slice(8).every((f) => /not read: the call's time budget \(V0_TIMEOUT_MS\) ran out first/.test(f.reason)),
      ).toBe(true);
    } finally {
      await mcp.close();
    }
  });

  it("refuses a urlHost with a scheme or path, naming the field", async () => {
    const result = await h.mcp().call("list_webhooks", { urlHost: "https://my.app/hooks" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/urlHost: must be a host name/);
  });
});

describe("list_webhooks in the sandbox", () => {
  it("takes the same filters", async () => {
    const mcp = await connectInProcess({ config: { sandbox: true, apiKey: undefined } });
    try {
      for (const [name, url, events] of [
        ["a", "https://my.app/a", ["message.finished"]],
        ["b", "https://old.my.app/b", ["chat.created"]],
      ] as const) {
        await mcp.call("create_webhook", { name, url, events });
      }
      const result = await mcp.call("list_webhooks", { event: "message.finished", urlHost: "my.app" });
      expect((result.structuredContent as { webhooks: Array<{ name: string }> }).webhooks.map((w) => w.name)).toEqual([
        "a",
      ]);
    } finally {
      await mcp.close();
    }
  });
});
