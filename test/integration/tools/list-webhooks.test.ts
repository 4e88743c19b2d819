import { describe, expect, it } from "vitest";
import { json } from "../../helpers/fake-v0.js";
import { resultText } from "../../helpers/in-process.js";
import { STATUS_CASES, useToolHarness } from "../../helpers/tool-harness.js";

const h = useToolHarness();

describe("list_webhooks", () => {
  it("returns v0's bare array as {webhooks}", async () => {
    h.fake().expect(
      "GET",
      "/v2/hooks",
      json(200, [
        { id: "h1", name: "One", extra: 1 },
        { id: "h2", name: "Two" },
      ]),
    );
    const result = await h.mcp().call("list_webhooks", {});
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      webhooks: [
        { id: "h1", name: "One" },
        { id: "h2", name: "Two" },
      ],
    });
    expect(resultText(result)).toMatch(/^2 webhooks: "One" \(h1\), "Two" \(h2\)\./);
  });

  it("accepts the {items} envelope one docs page shows", async () => {
    h.fake().expect("GET", "/v2/hooks", json(200, { items: [{ id: "h1", name: "One" }] }));
    const result = await h.mcp().call("list_webhooks", {});
    expect(result.structuredContent).toEqual({ webhooks: [{ id: "h1", name: "One" }] });
  });

  it("says so when there are none", async () => {
    h.fake().expect("GET", "/v2/hooks", json(200, []));
    const result = await h.mcp().call("list_webhooks", {});
    expect(resultText(result)).toMatch(/^There are no webhooks/);
  });

  it("takes no arguments", async () => {
    const result = await h.mcp().call("list_webhooks", { limit: 5 });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/unknown field\(s\) "limit"; allowed fields: none/);
  });

  it.each([401, 500])("turns %i into an actionable error", async (status) => {
    const c = STATUS_CASES[status];
    h.fake().expect("GET", "/v2/hooks", json(status, c?.body));
    const result = await h.mcp().call("list_webhooks", {});
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(c?.expected ?? /never/);
  });
});
