import { afterAll, beforeAll } from "vitest";
import type { Config } from "../../src/cli/args.js";
import { type FakeV0, useFakeV0 } from "./fake-v0.js";
import { type Connected, connectInProcess } from "./in-process.js";

/** What v0 says, as its OpenAPI document describes it ({message}), for each documented error status, and what the result must then contain. */
export const STATUS_CASES: Record<number, { body: unknown; expected: RegExp }> = {
  401: { body: { message: "Invalid API key" }, expected: /401.*Invalid API key.*check that V0_API_KEY/s },
  403: { body: { message: "Not allowed" }, expected: /403.*Not allowed.*paid plan/s },
  404: { body: { message: "Webhook not found" }, expected: /404.*Webhook not found/s },
  422: { body: { message: "Invalid url" }, expected: /422.*Invalid url.*fix the fields/s },
  500: { body: { message: "Oops" }, expected: /500.*Oops.*v0's side/s },
};

/**
 * A fake v0 API (useFakeV0: checked after each test) and an in-process MCP client of the server
 * the bin builds, for a test file.
 */
export function useToolHarness(config: Partial<Config> = {}): { fake: () => FakeV0; mcp: () => Connected } {
  const fake = useFakeV0();
  let mcp: Connected | undefined;
  beforeAll(async () => {
    mcp = await connectInProcess({ config: { baseUrl: fake.baseUrl, ...config } });
  });
  afterAll(async () => {
    await mcp?.close();
  });
  return {
    fake: () => fake,
    mcp: () => {
      if (!mcp) throw new Error("harness not started");
      return mcp;
    },
  };
}
