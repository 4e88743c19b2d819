import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED, redactDeep } from "../../src/text/redact.js";
import { looksLikeHtml, sanitizeUpstreamText } from "../../src/text/sanitize.js";

describe("sanitizeUpstreamText", () => {
  it("strips markup, scripts and control characters, and folds whitespace", () => {
    expect(sanitizeUpstreamText("<p>Hello <b>there</b></p><script>alert(1)</script>\u0000\u001b[31m red\u202e")).toBe(
      "Hello there [31m red",
    );
  });

  it("caps the length with an ellipsis", () => {
    const out = sanitizeUpstreamText("a".repeat(1000));
    expect(out.length).toBe(300);
    expect(out.endsWith("…")).toBe(true);
  });

  it("recognises HTML by content type or by its first tag", () => {
    expect(looksLikeHtml("oops", "text/html; charset=utf-8")).toBe(true);
    expect(looksLikeHtml("  <!DOCTYPE html>", null)).toBe(true);
    expect(looksLikeHtml("plain words", "text/plain")).toBe(false);
  });
});

describe("redaction", () => {
  const redact = createRedactor(["sekret_value_123", undefined]);

  it("replaces every occurrence of a secret", () => {
    expect(redact("a sekret_value_123 b sekret_value_123")).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it("walks nested values, keys included", () => {
    expect(redactDeep({ a: ["x sekret_value_123"], sekret_value_123: 1, n: 2, z: null }, redact)).toEqual({
      a: [`x ${REDACTED}`],
      [REDACTED]: 1,
      n: 2,
      z: null,
    });
  });

  it("is the identity when there is no secret", () => {
    expect(createRedactor([undefined])("anything")).toBe("anything");
  });
});
