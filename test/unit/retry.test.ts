import { describe, expect, it } from "vitest";
import { loadNodeSend } from "../../src/cli/node-send.js";
import { V0Client, type V0ClientOptions } from "../../src/v0/client.js";
import { V0CancelledError, V0HttpError, V0NetworkError, V0TimeoutError } from "../../src/v0/errors.js";
import { DEFAULT_RETRY_POLICY, retryDelay } from "../../src/v0/retry-policy.js";
import { gateway, hang, json, reset, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";

const fake = useFakeV0();

const retries: string[] = [];
function client(overrides: Partial<V0ClientOptions> = {}) {
  retries.length = 0;
  return new V0Client({
    baseUrl: fake.baseUrl,
    apiKey: TEST_KEY,
    timeoutMs: 5_000,
    userAgent: "test",
    retryPolicy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 10, maxDelayMs: 40 },
    onRetry: ({ method, error }) => retries.push(`${method} ${error.message}`),
    ...overrides,
    loadSend: overrides.loadSend ?? loadNodeSend,
  });
}

const body = { name: "n", events: ["message.finished" as const], url: "https://my.app/hooks", chatId: null };

describe("GET and DELETE are retried on 502/503/504 and connection errors", () => {
  it.each([502, 503, 504])("GET after %i", async (status) => {
    fake.expect("GET", "/v2/hooks", gateway(status, {})).expect("GET", "/v2/hooks", json(200, []));
    expect(await client().listHooks()).toEqual([]);
    expect(retries).toHaveLength(1);
  });

  it("DELETE after a reset connection", async () => {
    fake
      .expect("DELETE", "/v2/hooks/h", reset())
      .expect("DELETE", "/v2/hooks/h", json(200, { id: "h", deleted: true }));
    expect(await client().deleteHook("h")).toEqual({ id: "h", deleted: true });
  });

  it("treats a 404 on a retried DELETE whose first answer was lost as deleted", async () => {
    fake
      .expect("DELETE", "/v2/hooks/h", gateway(502, {}))
      .expect("DELETE", "/v2/hooks/h", json(404, { message: "Webhook not found" }));
    expect(await client().deleteHook("h")).toEqual({ id: "h", deleted: true });
  });

  it("still reports a 404 on the first DELETE", async () => {
    fake.expect("DELETE", "/v2/hooks/h", json(404, { message: "Webhook not found" }));
    await expect(client().deleteHook("h")).rejects.toMatchObject({ status: 404 });
  });

  it("at most twice, then reports the last error", async () => {
    fake
      .expect("GET", "/v2/hooks/h", gateway(503, { message: "down" }))
      .expect("GET", "/v2/hooks/h", gateway(503, { message: "down" }))
      .expect("GET", "/v2/hooks/h", gateway(503, { message: "still down" }));
    await expect(client().getHook("h")).rejects.toMatchObject({ status: 503, upstreamMessage: "still down" });
    expect(fake.requests).toHaveLength(3);
  });

  it("not on 500 or 4xx", async () => {
    fake.expect("GET", "/v2/hooks", gateway(500, {}));
    await expect(client().listHooks()).rejects.toMatchObject({ status: 500 });
    fake.expect("GET", "/v2/hooks/h", gateway(404, {}));
    await expect(client().getHook("h")).rejects.toMatchObject({ status: 404 });
    expect(fake.requests).toHaveLength(2);
  });

  it("not when the backoff would not fit in the timeout budget", async () => {
    fake.expect("GET", "/v2/hooks", gateway(503, {}));
    const slowBackoff = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1_000, maxDelayMs: 1_000 };
    await expect(client({ timeoutMs: 500, retryPolicy: slowBackoff }).listHooks()).rejects.toMatchObject({
      status: 503,
    });
    expect(fake.requests).toHaveLength(1);
  });

  it("stops waiting when the call is cancelled during the backoff", async () => {
    fake.expect("GET", "/v2/hooks", gateway(503, {}));
    const controller = new AbortController();
    const slowBackoff = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    const pending = client({ timeoutMs: 600_000, retryPolicy: slowBackoff }).listHooks({ signal: controller.signal });
    await expect.poll(() => retries.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(V0CancelledError);
  });

  it("shares one timeout budget across attempts", async () => {
    fake.expect("GET", "/v2/hooks", reset()).expect("GET", "/v2/hooks", hang());
    await expect(client({ timeoutMs: 300 }).listHooks()).rejects.toBeInstanceOf(V0TimeoutError);
    expect(fake.requests).toHaveLength(2);
  });
});

describe("POST and PATCH are never retried blindly", () => {
  it.each([
    ["503", gateway(503, {})],
    ["a reset connection", reset()],
  ])("POST after %s", async (_what, respond) => {
    fake.expect("POST", "/v2/hooks", respond);
    await expect(client().createHook(body)).rejects.toBeDefined();
    expect(fake.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("PATCH after 502", async () => {
    fake.expect("PATCH", "/v2/hooks/h", gateway(502, {}));
    await expect(client().updateHook("h", { name: "x" })).rejects.toBeInstanceOf(V0HttpError);
    expect(fake.requests).toHaveLength(1);
  });
});

describe("429", () => {
  it("waits a short Retry-After and retries once, for any method", async () => {
    fake
      .expect("POST", "/v2/hooks", gateway(429, { message: "slow down" }, { "retry-after": "0" }))
      .expect("POST", "/v2/hooks", json(200, webhook()));
    expect((await client().createHook(body)).id).toBe("hook_123");
  });

  it("only once", async () => {
    fake
      .expect("GET", "/v2/hooks", gateway(429, {}, { "retry-after": "0" }))
      .expect("GET", "/v2/hooks", gateway(429, {}, { "retry-after": "0" }));
    await expect(client().listHooks()).rejects.toMatchObject({ status: 429, retryAfterSeconds: 0 });
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    ["longer than 10 s", { "retry-after": "11" }, 11],
    ["absent", {}, undefined],
  ])("fails at once when Retry-After is %s", async (_what, headers, seconds) => {
    fake.expect("GET", "/v2/hooks", gateway(429, {}, headers));
    await expect(client().listHooks()).rejects.toMatchObject({ status: 429, retryAfterSeconds: seconds });
    expect(fake.requests).toHaveLength(1);
  });
});

describe("retryDelay", () => {
  const base = { retriesSoFar: 0, rateLimitRetriesSoFar: 0, remainingMs: 30_000, random: 0.5 };
  const e503 = (method: "GET" | "POST") => new V0HttpError(method, "/hooks", 503, "", undefined, undefined);

  it("backs off exponentially with jitter, capped", () => {
    const delays = [0, 1, 2, 3].map((n) => retryDelay(e503("GET"), { ...base, method: "GET", retriesSoFar: n }));
    expect(delays.slice(0, 2)).toEqual([188, 375]);
    expect(delays[2]).toBeUndefined();
    const capped = { ...DEFAULT_RETRY_POLICY, maxRetries: 10 };
    expect(retryDelay(e503("GET"), { ...base, method: "GET", retriesSoFar: 8, random: 1 }, capped)).toBe(2_000);
    expect(retryDelay(e503("GET"), { ...base, method: "GET", retriesSoFar: 0, random: 0 })).toBe(125);
  });

  it("never retries POST on 5xx or network errors", () => {
    expect(retryDelay(e503("POST"), { ...base, method: "POST" })).toBeUndefined();
    const net = new V0NetworkError("POST", "/hooks", "ECONNRESET", true);
    expect(retryDelay(net, { ...base, method: "POST" })).toBeUndefined();
  });

  it("honours a Retry-After of up to 10 s", () => {
    const e429 = (s: number | undefined) => new V0HttpError("POST", "/hooks", 429, "", undefined, s);
    expect(retryDelay(e429(10), { ...base, method: "POST" })).toBe(10_000);
    expect(retryDelay(e429(11), { ...base, method: "POST" })).toBeUndefined();
    expect(retryDelay(e429(undefined), { ...base, method: "POST" })).toBeUndefined();
    expect(retryDelay(e429(5), { ...base, method: "POST", remainingMs: 4_000 })).toBeUndefined();
  });
});
