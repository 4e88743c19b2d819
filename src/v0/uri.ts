import { hostProblem } from "../policy/destination.js";

/**
 * v0's OpenAPI document gives webhook urls `format: uri` (RFC 3986). WHATWG parsing, which this
 * server uses to read a url once and check its destination, percent-encodes most characters RFC
 * 3986 forbids but writes a few back raw: `| ^ { } [ ] \` in the path, query or fragment, a `%`
 * not followed by two hex digits, and a second `#`. This writes a parsed http(s) URL the way RFC
 * 3986 allows, by percent-encoding exactly those; the URL means the same to the receiving server.
 * WHATWG also accepts host names with `{ } " \`` (which RFC 3986 forbids) and `! $ & ' ( ) * +
 * , ; = _ ~` (which no DNS name holds, and at some of which other parsers end the host). A URL
 * whose host is not a DNS name or an IP literal by the destination policy's one host rule
 * (`hostProblem`) gets no form here, so the url field refuses it: undefined.
 */
export function uriHref(url: URL): string | undefined {
  if (hostProblem(url.hostname) !== undefined) return undefined;
  const href = url.href;
  // An http(s) href is `scheme://authority/path?query#fragment`, and its authority holds no `/`.
  const pathStart = href.indexOf("/", url.protocol.length + 2);
  if (pathStart === -1) return href;
  const authority = href.slice(0, pathStart).replace(LONE_PERCENT, "%25");
  const hashStart = href.indexOf("#", pathStart);
  const beforeHash = hashStart === -1 ? href.slice(pathStart) : href.slice(pathStart, hashStart);
  const fragment = hashStart === -1 ? undefined : href.slice(hashStart + 1);
  return `${authority}${encodeRest(beforeHash)}${fragment === undefined ? "" : `#${encodeRest(fragment)}`}`;
}

/** A `%` that does not start a percent-encoded byte. */
const LONE_PERCENT = /%(?![0-9A-Fa-f]{2})/g;

/** Characters RFC 3986 allows in a path, query or fragment: unreserved, sub-delims, `: @ / ?`, and `%XX`. */
const NOT_ALLOWED = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gu;

function encodeRest(text: string): string {
  return text.replace(NOT_ALLOWED, percentEncode);
}

function percentEncode(char: string): string {
  return [...new TextEncoder().encode(char)]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`)
    .join("");
}
