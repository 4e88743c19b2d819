import { describe, expect, it } from "vitest";
import { MAX_RESULT_JSON_BYTES, presentable } from "../../src/mcp/presentable.js";

const options = { redact: (text: string) => text, limitFor: () => 1000 };

describe("a result cut to size", () => {
  it("trims every list until the whole fits, the largest first, and says what was left out of each", () => {
    const value = {
      webhooks: Array.from({ length: 201 }, (_, i) => ({ id: `hook_${i}`, name: "n".repeat(100) })),
      failed: Array.from({ length: 200 }, (_, i) => ({ id: `bad_${i}`, reason: "é".repeat(900) })),
    };
    const { value: kept, cut } = presentable(value, options);
    expect(Buffer.byteLength(JSON.stringify(kept, null, 2))).toBeLessThanOrEqual(MAX_RESULT_JSON_BYTES);
    expect(cut).toMatch(/only the first \d+ of 200 failed are shown/);
    expect(kept.failed.length).toBeLessThan(200);
  });

  it("leaves a result that fits as it is", () => {
    expect(presentable({ webhooks: [{ id: "a" }] }, options)).toEqual({
      value: { webhooks: [{ id: "a" }] },
      cut: undefined,
    });
  });
});
