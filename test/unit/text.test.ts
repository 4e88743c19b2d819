import { describe, expect, it } from "vitest";
import { describeCharacter, escapeUnsafe, firstUnsafeCharacter, inertString, quoted } from "../../src/text/inert.js";
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

describe("the one scrubbing rule: every encoding a secret takes", () => {
  const secret = 'sk_"live\\key/42';
  const redact = createRedactor([secret]);
  it.each([
    ["raw", secret],
    ["JSON-escaped as JSON.stringify writes it", JSON.stringify(secret).slice(1, -1)],
    [
      "every character \\u-escaped",
      [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
    ],
    ["\\u-escaped in upper-case hex, mixed with raw", `sk_\\u0022LIVE`.replace("LIVE", "live\\\\key/42")],
    ["URL-encoded", encodeURIComponent(secret)],
    ["URL-encoded in lower-case hex", encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
  ])("%s", (_how, form) => {
    expect(redact(`before ${form} after`)).toBe(`before ${REDACTED} after`);
  });

  it.each([
    ["alone", (key: string) => key],
    ["after one byte", (key: string) => `x${key}`],
    ["after two bytes", (key: string) => `xy${key}`],
    ["as Basic credentials", (key: string) => `user:${key}`],
  ])("leaves no base64 of the key, at any alignment: %s", (_how, around) => {
    const key = "v0_live_key_0123456789abcdef";
    const echo = createRedactor([key]);
    const encoded = Buffer.from(around(key)).toString("base64");
    for (const text of [encoded, encoded.replace(/\+/g, "-").replace(/\//g, "_")]) {
      const scrubbed = echo(`v0 said: ${text}`);
      expect(scrubbed).toContain(REDACTED);
      // What is left around the marker decodes to no run of 8 characters of the key.
      for (const part of scrubbed.replace("v0 said: ", "").split(REDACTED)) {
        const decoded = Buffer.from(part, "base64").toString("latin1");
        for (let i = 0; i + 8 <= key.length; i++) expect(decoded).not.toContain(key.slice(i, i + 8));
      }
    }
  });

  it("replaces the longer of two overlapping secrets whole", () => {
    expect(createRedactor(["abcdefgh", "abcdefgh_longer"])("x abcdefgh_longer y")).toBe(`x ${REDACTED} y`);
  });
});

describe("inert text from v0", () => {
  it("escapes controls, bidi, zero-width and tag characters, and leaves other text alone", () => {
    expect(escapeUnsafe("a\nb\u001b\u202ec\u200bd\u{e0041}é👍")).toBe("a\\u000ab\\u001b\\u202ec\\u200bd\\u{e0041}é👍");
  });

  it("cuts a long string at its limit, saying how much, without splitting an escape or a pair", () => {
    expect(inertString("x".repeat(10), 4)).toBe("xxxx…[cut: 6 more characters]");
    expect(inertString("xx\u202eyyyy", 4)).toBe("xx…[cut: 10 more characters]");
    expect(inertString("xxx👍yy", 4)).toBe("xxx…[cut: 4 more characters]");
  });

  it("quotes a string on one line, its quotes escaped", () => {
    expect(quoted('say "hi"\nnow')).toBe('"say \\"hi\\"\\\\u000anow"');
  });

  it("names a refused character", () => {
    expect(describeCharacter(firstUnsafeCharacter("ok\u202e") as string)).toBe("U+202E RIGHT-TO-LEFT OVERRIDE");
  });
});
