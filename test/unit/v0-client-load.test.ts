import { describe, expect, it, vi } from "vitest";

/*
 * The v0 client loads node:http(s) (src/v0/http-send.ts) with its first request. If that load
 * fails, nothing was sent: it must not be reported or retried as a network failure.
 */
describe("the v0 client when node:http(s) cannot be loaded", () => {
  it("fails the call with the load error, says nothing was sent, and does not retry", async () => {
    let loads = 0;
    vi.doMock("../../src/v0/http-send.js", () => {
      loads++;
      throw new Error("node:https is not available (Node built without OpenSSL)");
    });
    const { V0Client } = await import("../../src/v0/client.js");
    const { loadNodeSend } = await import("../../src/cli/node-send.js");
    const { describeError } = await import("../../src/mcp/error-text.js");
    const { V0NetworkError } = await import("../../src/v0/errors.js");
    const client = new V0Client({
      baseUrl: "http://127.0.0.1:9/v2",
      apiKey: "v0_test_key_5f3c9a1e7b2d4c6a",
      timeoutMs: 5_000,
      userAgent: "test",
      loadSend: loadNodeSend,
    });
    const failure = await client.getHook("hook_1").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(V0NetworkError);
    // vitest wraps the factory's error; the original is its cause.
    const cause = (failure as Error).cause as Error | undefined;
    expect(`${(failure as Error).message} ${cause?.message ?? ""}`).toMatch(/OpenSSL/);
    expect(loads).toBe(1);
    const text = describeError(failure, { toolName: "get_webhook", redact: (t) => t, hints: { notFound: "" } });
    expect(text).not.toMatch(/may have been applied|could not reach v0/);
    vi.doUnmock("../../src/v0/http-send.js");
  });
});
