/**
 * The parsers of single settings, shared by every part of the configuration. Each is pure, and
 * each error names the setting and what it takes, never the value it refused.
 */
import { isHostPattern, isLoopbackHost } from "../policy/destination.js";
import { DEFAULT_BASE_URL, KEYS_URL } from "../v0/paths.js";
import { ConfigError, notShown } from "./errors.js";

export function parseBoolean(name: string, raw: string | undefined): boolean {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === "" || value === "0" || value === "false" || value === "no") return false;
  if (value === "1" || value === "true" || value === "yes") return true;
  throw new ConfigError(`${name} must be 1/true/yes or 0/false/no ${notShown(raw ?? "")}`);
}

/** Like parseBoolean, for a setting that is on unless turned off. */
export function parseBooleanDefaultOn(name: string, raw: string | undefined): boolean {
  return raw === undefined || raw.trim() === "" ? true : parseBoolean(name, raw);
}

export function parsePort(raw: string, name: string): number {
  const value = raw.trim();
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535 ${notShown(raw)}`);
  }
  return Number(value);
}

/**
 * An address to listen on: a host name (letters, digits, dots, hyphens) or an IP address, as
 * `0.0.0.0`, `::` or `[::1]`. Anything else (a key pasted after --host, say) is refused unechoed.
 */
export function parseBindHost(raw: string, name: string): string {
  const host = raw.trim();
  if (/^[A-Za-z0-9.-]{1,253}$/.test(host) || /^\[?[0-9A-Fa-f:.]{2,45}\]?$/.test(host)) return host;
  throw new ConfigError(`${name} must be a host name or IP address to listen on, e.g. 127.0.0.1 ${notShown(raw)}`);
}

export function parseTimeout(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = raw.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new ConfigError(`V0_TIMEOUT_MS must be a whole number of milliseconds from 1 to ${max} ${notShown(raw)}`);
  }
  return Number(value);
}

/** What a client config holds when nobody filled it in: the README's placeholder, an unexpanded input. */
const PLACEHOLDER_KEY = /^(your[-_ ]?v0[-_ ]?api[-_ ]?key|<.*>|\$\{.*\}|xxx+|changeme|todo)$/i;

export function parseApiKey(raw: string | undefined): string | undefined {
  const key = raw?.trim();
  if (!key) return undefined;
  // Never echo the value: the checks below say what is wrong with it, not what it is.
  if (/^["'`].*["'`]$/.test(key)) {
    throw new ConfigError(
      'V0_API_KEY is wrapped in quotes: in the client\'s JSON config write "V0_API_KEY": "<key>" once, without extra quotes inside',
    );
  }
  if (PLACEHOLDER_KEY.test(key)) {
    throw new ConfigError(
      `V0_API_KEY is still a placeholder, not a key: create one at ${KEYS_URL} and put it in the client's config (or start with --sandbox to try the tools without one)`,
    );
  }
  // A key with whitespace or control characters cannot be sent in a header.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new ConfigError("V0_API_KEY contains spaces or non-printable characters; paste the key again");
  }
  if (key.length < 8) throw new ConfigError("V0_API_KEY is too short to be a v0 API key");
  return key;
}

export function parseBaseUrl(raw: string | undefined): string {
  const value = raw?.trim() || DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `V0_API_BASE_URL is not an absolute URL ${notShown(value)}; the default is ${DEFAULT_BASE_URL}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`V0_API_BASE_URL must be an http(s) URL, e.g. ${DEFAULT_BASE_URL}`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      "V0_API_BASE_URL must use https (plain http is allowed only for localhost/127.0.0.1/[::1]) so the API key never travels in clear",
    );
  }
  if (url.username || url.password) {
    throw new ConfigError("V0_API_BASE_URL must not contain credentials; the key goes in V0_API_KEY");
  }
  if (url.search || url.hash) throw new ConfigError("V0_API_BASE_URL must not have a query string or fragment");
  // Keep the path (`/v2`): requests go to `${base}/hooks`.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

export function parseHostList(raw: string | undefined): readonly string[] | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const hosts = list(raw).map((host) => host.toLowerCase().replace(/\.$/, ""));
  for (const [index, host] of hosts.entries()) {
    if (!isHostPattern(host)) {
      throw new ConfigError(
        `V0_WEBHOOK_ALLOWED_HOSTS: entry ${index + 1} is not a host name ${notShown(host)}; use a comma-separated list such as "hooks.example.com,*.my.app" (no scheme, port or path)`,
      );
    }
  }
  return hosts;
}

/** Origins as `scheme://host[:port]`, each checked. */
export function parseOrigins(raw: string | undefined, name: string): readonly string[] {
  const origins = list(raw ?? "").map((origin) => origin.replace(/\/+$/, ""));
  for (const [index, origin] of origins.entries()) {
    if (absoluteUrl(origin)?.origin !== origin) {
      throw new ConfigError(
        `${name}: entry ${index + 1} is not an origin ${notShown(origin)}; use scheme://host[:port], e.g. https://app.example.com`,
      );
    }
  }
  return origins;
}

/** A comma-separated list, trimmed, without empty entries. */
export function list(raw: string): string[] {
  return raw
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

export function absoluteUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}
