import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { urlField } from "../../src/tools/fields.js";
import { uriHref } from "../../src/v0/uri.js";
import { requestProblems } from "../helpers/contract.js";

/** What v0's OpenAPI document says about a PATCH that sets only this url (its `format: uri`). */
const urlProblems = (url: string) => requestProblems("PATCH", "/v2/hooks/hook_1", JSON.stringify({ url }));

describe("uriHref: a parsed URL in the RFC 3986 form v0's `format: uri` accepts", () => {
  it.each([
    ["https://a.com/x|y", "https://a.com/x%7Cy"],
    ["https://a.com/?q={a}", "https://a.com/?q=%7Ba%7D"],
    ["https://a.com/?a[0]=1&b=^", "https://a.com/?a%5B0%5D=1&b=%5E"],
    ["https://a.com/?a\\b", "https://a.com/?a%5Cb"],
    ["https://a.com/%zz/%41", "https://a.com/%25zz/%41"],
    ["https://a.com/#f%", "https://a.com/#f%25"],
    ["https://a.com/#a#b", "https://a.com/#a%23b"],
    ["https://u%zz@a.com/", "https://u%25zz@a.com/"],
  ])("writes %s as %s, which the document accepts", (input, expected) => {
    expect(urlProblems(new URL(input).href)).not.toEqual([]);
    expect(uriHref(new URL(input))).toBe(expected);
    expect(urlProblems(expected)).toEqual([]);
  });

  it.each([
    "https://my.app/hooks",
    "https://[::1]:8443/a?b=c#d",
    "http://user:pw@my.app/p;x=1/(a)*+,!$'~?x=%41&y=@:/?",
    "https://xn--caf-dma.example/%C3%A9",
  ])("leaves %s as WHATWG writes it", (input) => {
    expect(uriHref(new URL(input))).toBe(new URL(input).href);
  });

  it.each([
    "https://a{b.com/",
    "https://a`b.com/hooks",
    'https://a"b.com/',
    // RFC 3986 allows sub-delims in a host; other parsers end the host at them, so they get no form either.
    "https://attacker.example;.my.app/c",
    "https://127.0.0.1;.example.com/",
    "https://a&b.com/",
    "https://a_b.com/",
    "https://a~b.com/",
    "https://a%27b.com/",
    "https://a%3Bb.com/",
    "https://a..b.com/",
  ])(
    "has no form for %s, whose host is not a DNS name or IP address, and urlField refuses it with the host",
    (input) => {
      expect(uriHref(new URL(input))).toBeUndefined();
      const parsed = urlField.safeParse(input);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(
        /^has a host, ".+", that is not a domain name or IP address \(the host ".+" (contains ".+"|has an empty label|is not a valid IPv6 address)/,
      );
    },
  );

  it("is what urlField sends, for any url it accepts (property)", () => {
    const hostile = fc.constantFrom(..."|^{}[]\\%#`\"<> é/?&=:@~'");
    const tail = fc
      .array(fc.oneof(hostile, fc.string({ maxLength: 3 })), { maxLength: 12 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), tail, tail, (base, path, rest) => {
        const parsed = urlField.safeParse(`${base}/${path}?${rest}#${rest}`);
        if (!parsed.success) return;
        expect(urlProblems(parsed.data)).toEqual([]);
        // Writing the result again changes nothing: the form is stable, so find-or-create's comparison holds.
        expect(uriHref(new URL(parsed.data))).toBe(parsed.data);
      }),
      { numRuns: 2000 },
    );
  });
});
