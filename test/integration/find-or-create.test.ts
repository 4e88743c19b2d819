import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadNodeSend } from "../../src/cli/node-send.js";
import { V0Client } from "../../src/v0/client.js";
import { V0CancelledError } from "../../src/v0/errors.js";
import { findOrCreateWebhook, isIdentical } from "../../src/v0/find-or-create.js";
import type { CreateHookBody } from "../../src/v0/types.js";
import { hang, json, type Responder, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { type Connected, connectInProcess, resultText, TEST_KEY } from "../helpers/in-process.js";

const fake = useFakeV0();
let mcp: Connected;
beforeAll(async () => {
  mcp = await connectInProcess({ config: { baseUrl: fake.baseUrl, timeoutMs: 200 } });
});
afterAll(async () => {
  await mcp.close();
});

const args = { name: "Notify my app", events: ["message.finished", "chat.created"], url: "https://my.app/hooks" };
const body: CreateHookBody = {
  name: "Notify my app",
  events: ["message.finished", "chat.created"],
  url: "https://my.app/hooks",
  chatId: null,
};
const existing = webhook({ id: "hook_old", events: ["chat.created", "message.finished"] });

function client() {
  return new V0Client({
    baseUrl: fake.baseUrl,
    apiKey: TEST_KEY,
    timeoutMs: 5_000,
    userAgent: "test",
    loadSend: loadNodeSend,
  });
}

/** A responder that waits until the test opens the gate. */
function gate(): { responder: (then: Responder) => Responder; open: () => void } {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    open: () => open(),
    responder: (then) => async (request, res, req) => {
      await opened;
      await then(request, res, req);
    },
  };
}

describe("create_webhook is safe to retry", () => {
  it("returns an identical existing webhook (same name, url, set of events, chat) without POSTing", async () => {
    fake
      .expect(
        "GET",
        "/v2/hooks",
        json(200, [
          { id: "hook_other", name: "Other" },
          { id: "hook_old", name: "Notify my app" },
        ]),
      )
      .expect("GET", "/v2/hooks/hook_old", json(200, existing));
    const result = await mcp.call("create_webhook", args);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ ...existing, created: false });
    expect(resultText(result)).toMatch(/^An identical webhook already existed, so none was created/);
    expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /v2/hooks", "GET /v2/hooks/hook_old"]);
  });

  it.each([
    ["a different url", { url: "https://my.app/other" }],
    ["a different set of events", { events: ["message.finished"] }],
    ["a different chat", { chatId: "chat_1" }],
  ])("creates a new webhook when the same-name one has %s", async (_what, difference) => {
    fake
      .expect("GET", "/v2/hooks", json(200, [{ id: "hook_old", name: "Notify my app" }]))
      .expect("GET", "/v2/hooks/hook_old", json(200, { ...existing, ...difference }))
      .expect("POST", "/v2/hooks", json(200, webhook({ id: "hook_new", events: args.events })));
    const result = await mcp.call("create_webhook", args);
    expect(result.structuredContent).toMatchObject({ id: "hook_new", created: true });
  });

  it("skips a candidate deleted between the list and the get", async () => {
    fake
      .expect("GET", "/v2/hooks", json(200, [{ id: "hook_old", name: "Notify my app" }]))
      .expect("GET", "/v2/hooks/hook_old", json(404, { message: "Webhook not found" }))
      .expect("POST", "/v2/hooks", json(200, webhook({ id: "hook_new" })));
    const result = await mcp.call("create_webhook", args);
    expect(result.structuredContent).toMatchObject({ id: "hook_new", created: true });
  });

  it("fails without POSTing when the lookup itself fails", async () => {
    fake.expect("GET", "/v2/hooks", json(401, { message: "Invalid API key" }));
    const result = await mcp.call("create_webhook", args);
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/401.*GET \/hooks.*V0_API_KEY/s);
  });

  it("after a lost answer, says it may have been created, and the retry returns that webhook instead of a second", async () => {
    fake.expect("GET", "/v2/hooks", json(200, [])).expect("POST", "/v2/hooks", hang());
    const first = await mcp.call("create_webhook", args);
    expect(first.isError).toBe(true);
    expect(resultText(first)).toMatch(/within 200 ms.*may have been created.*again with the same arguments is safe/s);

    // v0 did create it; the retry finds it.
    const created = webhook({ id: "hook_lost", events: args.events });
    fake
      .expect("GET", "/v2/hooks", json(200, [{ id: "hook_lost", name: "Notify my app" }]))
      .expect("GET", "/v2/hooks/hook_lost", json(200, created));
    const retry = await mcp.call("create_webhook", args);
    expect(retry.structuredContent).toEqual({ ...created, created: false });
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});

describe("findOrCreateWebhook", () => {
  it("shares one lookup and one POST between identical creates in flight", async () => {
    const g = gate();
    fake.expect("GET", "/v2/hooks", g.responder(json(200, []))).expect("POST", "/v2/hooks", json(200, webhook()));
    const api = client();
    const calls = [
      findOrCreateWebhook(api, body),
      findOrCreateWebhook(api, { ...body, events: ["chat.created", "message.finished"] }),
      findOrCreateWebhook(api, body),
    ];
    g.open();
    const results = await Promise.all(calls);
    expect(new Set(results.map((r) => r.webhook.id))).toEqual(new Set(["hook_123"]));
    expect(results.map((r) => r.created)).toEqual([true, false, false]);
    expect(fake.requests.map((r) => r.method)).toEqual(["GET", "POST"]);
  });

  it("does not share between different creates", async () => {
    fake
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("POST", "/v2/hooks", json(200, webhook({ id: "a" })))
      .expect("POST", "/v2/hooks", json(200, webhook({ id: "b", url: "https://other.app/" })));
    const api = client();
    const [a, b] = await Promise.all([
      findOrCreateWebhook(api, body),
      findOrCreateWebhook(api, { ...body, url: "https://other.app/" }),
    ]);
    expect([a.webhook.id, b.webhook.id].sort()).toEqual(["a", "b"]);
  });

  it("keeps the shared request going while one caller is still waiting, and aborts it when all have cancelled", async () => {
    const g = gate();
    fake.expect("GET", "/v2/hooks", g.responder(json(200, []))).expect("POST", "/v2/hooks", json(200, webhook()));
    const api = client();
    const quitter = new AbortController();
    const stayer = new AbortController();
    const first = findOrCreateWebhook(api, body, { signal: quitter.signal });
    const second = findOrCreateWebhook(api, body, { signal: stayer.signal });
    quitter.abort();
    await expect(first).rejects.toBeInstanceOf(V0CancelledError);
    g.open();
    expect((await second).webhook.id).toBe("hook_123");

    fake.expect("GET", "/v2/hooks", hang());
    const a = new AbortController();
    const b = new AbortController();
    const third = findOrCreateWebhook(api, body, { signal: a.signal });
    const fourth = findOrCreateWebhook(api, body, { signal: b.signal });
    await expect.poll(() => fake.requests.length).toBe(3);
    a.abort();
    b.abort();
    await expect(third).rejects.toBeInstanceOf(V0CancelledError);
    await expect(fourth).rejects.toBeInstanceOf(V0CancelledError);
    await expect.poll(() => fake.aborted).toEqual(["GET /v2/hooks"]);
  });

  it("starts afresh when every caller of a flight has cancelled, and never leaves a rejection unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      fake
        .expect("GET", "/v2/hooks", hang())
        .expect("GET", "/v2/hooks", json(200, []))
        .expect("POST", "/v2/hooks", json(200, webhook()));
      const api = client();
      const gone = new AbortController();
      const first = findOrCreateWebhook(api, body, { signal: gone.signal });
      await expect.poll(() => fake.requests.length).toBe(1);
      gone.abort();
      await expect(first).rejects.toBeInstanceOf(V0CancelledError);
      // Arrives while the abandoned flight is still tearing down: it must not inherit the cancellation.
      const second = await findOrCreateWebhook(api, body);
      expect(second).toMatchObject({ created: true });

      const already = new AbortController();
      already.abort();
      await expect(findOrCreateWebhook(api, body, { signal: already.signal })).rejects.toBeInstanceOf(V0CancelledError);
      // The abandoned flight's request is aborted (the fake sees its connection close); Node reports
      // an unhandled rejection once the microtask queue has drained, so one macrotask later.
      await expect.poll(() => fake.aborted).toEqual(["GET /v2/hooks"]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("passes one deadline to every request of the create", async () => {
    fake.expect("GET", "/v2/hooks", json(200, [])).expect("POST", "/v2/hooks", json(200, webhook()));
    const seen: Array<number | undefined> = [];
    const api = client();
    const spy = {
      listHooks: (o?: { deadline?: number }) => {
        seen.push(o?.deadline);
        return api.listHooks(o);
      },
      getHook: api.getHook.bind(api),
      createHook: (b: CreateHookBody, o?: { deadline?: number }) => {
        seen.push(o?.deadline);
        return api.createHook(b, o);
      },
      updateHook: api.updateHook.bind(api),
      deleteHook: api.deleteHook.bind(api),
    };
    await findOrCreateWebhook(spy, body, { deadline: 12345678901234 });
    expect(seen).toEqual([12345678901234, 12345678901234]);
  });

  it("compares urls after normalisation and events as sets", () => {
    const hook = { ...existing, url: "HTTPS://My.App:443/hooks" } as Parameters<typeof isIdentical>[0];
    expect(isIdentical(hook, body)).toBe(true);
    expect(isIdentical(hook, { ...body, events: ["message.finished"] })).toBe(false);
    expect(isIdentical(hook, { ...body, name: "notify my app" })).toBe(false);
  });
});

describe("who is told created: true", () => {
  it("is a caller that joined, when the one that started the create cancelled", async () => {
    const g = gate();
    fake.expect("GET", "/v2/hooks", g.responder(json(200, []))).expect("POST", "/v2/hooks", json(200, webhook()));
    const api = client();
    const starter = new AbortController();
    const first = findOrCreateWebhook(api, body, { signal: starter.signal });
    const second = findOrCreateWebhook(api, body);
    starter.abort();
    await expect(first).rejects.toBeInstanceOf(V0CancelledError);
    g.open();
    expect(await second).toMatchObject({ created: true });
  });
});
