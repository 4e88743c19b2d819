import { describe, expect, it } from "vitest";
import { describeError } from "../../src/mcp/error-text.js";
import { V0HttpError } from "../../src/v0/errors.js";

const rejected = new V0HttpError("GET", "/hooks", 401, "Unauthorized", "Invalid API key", undefined);
const context = { toolName: "list_webhooks", redact: (text: string) => text };

describe("a 401 tells the agent whose key to fix", () => {
  it("with the server's key: V0_API_KEY in the client's config", () => {
    expect(describeError(rejected, { ...context, keyFrom: "server" })).toMatch(/check that V0_API_KEY holds/);
  });

  it("with each caller's own key (MCP_HTTP_AUTH=v0-key): the bearer this client sends, not V0_API_KEY, which that server does not have", () => {
    const text = describeError(rejected, { ...context, keyFrom: "caller" });
    expect(text).toMatch(/401 Unauthorized/);
    expect(text).toMatch(/Authorization bearer/);
    expect(text).not.toMatch(/V0_API_KEY/);
  });
});
