import { afterAll, afterEach, beforeAll } from "vitest";
import type { Config } from "../../src/cli/config.js";
import { FakeV0 } from "./fake-v0.js";
import { type Connected, connectInProcess } from "./in-process.js";

/** What v0 says for each documented error status, and what the result must then contain. */
export const STATUS_CASES: Record<number, { body: unknown; expected: RegExp }> = {
  401: { body: { message: "Invalid API key" }, expected: /401.*Invalid API key.*check that V0_API_KEY/s },
  403: { body: { message: "Not allowed" }, expected: /403.*Not allowed.*paid plan/s },
  404: { body: { message: "Webhook not found" }, expected: /404.*Webhook not found/s },
  422: { body: { message: "Invalid url" }, expected: /422.*Invalid url.*fix the fields/s },
  500: {
    body: { success: false, error: { type: "internal_server_error", message: "Oops" } },
    expected: /500.*Oops.*v0's side/s,
  },
};

/**
 * Sets up a fake v0 API and an in-process MCP client for a test file, and checks after each test
 * that the fake saw exactly the requests it expected.
 */
export function useToolHarness(config: Partial<Config> = {}): { fake: () => FakeV0; mcp: () => Connected } {
  let fake: FakeV0 | undefined;
  let mcp: Connected | undefined;
  beforeAll(async () => {
    fake = await FakeV0.start();
    mcp = await connectInProcess({ config: { baseUrl: fake.baseUrl, ...config } });
  });
  afterAll(async () => {
    await mcp?.close();
    await fake?.close();
  });
  afterEach(() => {
    try {
      fake?.assertDone();
    } finally {
      fake?.reset();
    }
  });
  return {
    fake: () => {
      if (!fake) throw new Error("harness not started");
      return fake;
    },
    mcp: () => {
      if (!mcp) throw new Error("harness not started");
      return mcp;
    },
  };
}
