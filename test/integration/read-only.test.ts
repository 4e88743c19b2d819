import { describe, expect, it } from "vitest";
import { allTools, selectTools } from "../../src/tools/index.js";
import { useFakeV0 } from "../helpers/fake-v0.js";
import { connectInProcess, resultText } from "../helpers/in-process.js";

const fake = useFakeV0();

describe("read-only mode", () => {
  it("offers only the tools that change nothing", () => {
    const { enabled, disabled } = selectTools({ readOnly: true });
    expect(enabled.map((t) => t.name)).toEqual(["list_webhooks", "get_webhook"]);
    expect([...disabled.keys()].sort()).toEqual(["create_webhook", "delete_webhook", "update_webhook"]);
    expect(selectTools({ readOnly: false }).enabled).toBe(allTools);
  });

  it("lists two tools and refuses a write with a reason, sending nothing", async () => {
    const mcp = await connectInProcess({ config: { baseUrl: fake.baseUrl, readOnly: true } });
    try {
      const { tools } = await mcp.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(["list_webhooks", "get_webhook"]);
      const result = await mcp.call("delete_webhook", { webhookId: "hook_1" });
      expect(result.isError).toBe(true);
      expect(resultText(result)).toMatch(/^delete_webhook is disabled: this server runs read-only .*V0_READ_ONLY=1/);
      expect(fake.requests).toHaveLength(0);
    } finally {
      await mcp.close();
    }
  });
});
