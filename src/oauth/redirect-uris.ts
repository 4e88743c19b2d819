import { isLoopbackHost } from "../policy/destination.js";

/** Longest redirect URI accepted at registration. */
export const MAX_REDIRECT_URI_LENGTH = 512;

/**
 * Schemes a browser would run, read or hand to another handler instead of returning to an app:
 * never a place to send an authorization code (refused by name, so the error says why).
 */
const REFUSED_SCHEMES = new Set([
  "javascript",
  "data",
  "file",
  "vbscript",
  "blob",
  "about",
  "filesystem",
  "view-source",
  "ws",
  "wss",
  "ftp",
  "mailto",
  "tel",
  "sms",
]);

/**
 * Private-use schemes without a dot that MCP clients register (Cursor's `cursor://…`, VS Code's).
 * RFC 8252 §7.1 asks native apps for a reverse-domain scheme (`com.example.app:/cb`); a bare word
 * may belong to anything a browser or a web page hands URLs to (`microsoft-edge:`, `webcal:`,
 * `web+…:`, `magnet:`, `android-app:`), which would open the attacker's page with the code, so
 * only these are taken.
 */
const APP_SCHEMES = new Set(["cursor", "vscode", "vscode-insiders", "windsurf"]);

/** Scheme names that carry a web scheme inside (`https.app:`, `com.example.https:`): never an app's own. */
const WEB_IN_SCHEME = /(^|[-+.])https?($|[-+.])/;

/** A DNS name or an IP literal, as the URL parser writes them: what a redirect's host may be. */
const PLAIN_HOST = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;

/**
 * Why a redirect URI may not be registered, or undefined when it may: https URLs, http to this
 * machine only (loopback, RFC 8252 §7.3), and private-use schemes; never a fragment, credentials,
 * or a scheme a browser would execute.
 */
export function redirectUriProblem(raw: string): string | undefined {
  if (raw.length > MAX_REDIRECT_URI_LENGTH) return `is longer than ${MAX_REDIRECT_URI_LENGTH} characters`;
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return "contains whitespace or control characters";
  if (raw.includes("\\")) return "contains a backslash (a browser reads it as a slash, other parsers do not)";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not an absolute URI";
  }
  const scheme = url.protocol.slice(0, -1);
  if (REFUSED_SCHEMES.has(scheme)) return `uses the ${scheme}: scheme, which is never a redirect target`;
  if (raw.includes("#")) return "has a fragment (RFC 6749 §3.1.2 forbids one)";
  if (url.username || url.password) return "contains credentials (user:password@)";
  // Matched as a string and redirected to as written, so written as a browser reads it (lower-case
  // host, no default port, no dot segments, percent-encoded): one place for every parser. An origin
  // may leave out its path's slash (`http://127.0.0.1:33418`), which every parser adds the same way.
  if (url.href !== raw && url.href !== `${raw}/`) return `is not written in its normal form, ${url.href}`;
  if (scheme === "https") {
    if (!PLAIN_HOST.test(url.hostname)) return "has a host that is not a plain DNS name or IP address";
    return undefined;
  }
  if (scheme === "http") {
    if (!isLoopbackHost(url.hostname)) {
      return "uses http to a host other than this machine (http is only for loopback: 127.0.0.1, [::1], localhost)";
    }
    return undefined;
  }
  // A private-use scheme: the app that owns it receives the code. It must be an app's own (a
  // reverse domain name, or a known MCP client's), and not carry a web address for a browser to open.
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) return "has a scheme that is not valid";
  if (!scheme.includes(".") && !APP_SCHEMES.has(scheme)) {
    return `uses the ${scheme}: scheme, which is not an app's own: use a loopback http redirect, or a reverse-domain scheme such as com.example.app:/callback (RFC 8252 §7.1)`;
  }
  if (/%(?![0-9a-f]{2})/i.test(raw)) return "has a % that is not a percent-escape";
  const rest = decoded(`${url.pathname}${url.search}`);
  if (WEB_IN_SCHEME.test(scheme) || /https?:|\/\//i.test(rest)) {
    return `uses the ${scheme}: scheme to carry a web address, which would hand the code to a web page`;
  }
  if (url.host && !PLAIN_HOST.test(url.hostname)) return "has a host that is not a plain name";
  return undefined;
}

/** Percent-escapes decoded until nothing changes (a URL hidden as `https%253A`), tabs and newlines dropped. */
function decoded(text: string): string {
  let current = text;
  for (let i = 0; i < 10; i++) {
    const next = current
      .replace(/%([0-9a-f]{2})/gi, (_escape, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
      .replace(/[\t\n\r]/g, "");
    if (next === current) break;
    current = next;
  }
  return current;
}

/** Whether a redirect URI goes to this machine over http (the port may change between uses). */
export function isLoopbackRedirect(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Whether `requested` (at /authorize) is one of the registered redirect URIs: the same string,
 * except that for loopback http the port may differ (RFC 8252 §7.3, native apps listen on an
 * ephemeral port). Scheme, host, path and query still match exactly.
 */
export function matchRedirectUri(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  if (redirectUriProblem(requested) !== undefined || !isLoopbackRedirect(requested)) return false;
  const wanted = new URL(requested);
  return registered.some((candidate) => {
    if (!isLoopbackRedirect(candidate)) return false;
    const url = new URL(candidate);
    return url.hostname === wanted.hostname && url.pathname === wanted.pathname && url.search === wanted.search;
  });
}

/**
 * What the consent page says the redirect goes to: for https the host, which is what a person can
 * judge; for anything else the whole URI (the page escapes it), since its scheme and path decide
 * which app gets the code.
 */
export function describeRedirect(raw: string): string {
  const url = new URL(raw);
  if (url.protocol === "https:") return url.host;
  if (url.protocol === "http:") return `${url.href} (an app on this computer)`;
  return `${url.href} (an app on this device)`;
}

/**
 * The CSP source that lets the consent form's redirect through (browsers check `form-action` on
 * the redirect after a form post too): the origin for https, the scheme otherwise (loopback http,
 * whose `[::1]` host CSP cannot spell, and private-use schemes such as `cursor:`).
 */
export function redirectCspSource(raw: string): string {
  const url = new URL(raw);
  return url.protocol === "https:" ? url.origin : url.protocol;
}
