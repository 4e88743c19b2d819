/**
 * Configuration is a pure function of the environment and the command line: no I/O, no exit.
 * The entry point prints a ConfigError's message as one line on stderr and exits.
 */
export const DEFAULT_BASE_URL = "https://api.v0.dev/v2";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const MAX_TIMEOUT_MS = 600_000;
export const KEYS_URL = "https://v0.app/chat/settings/keys";

export interface Config {
  /** Undefined when V0_API_KEY is unset: the server still starts and tool calls explain what to do. */
  apiKey: string | undefined;
  /** Without a trailing slash; requests go to `${baseUrl}/hooks`. */
  baseUrl: string;
  timeoutMs: number;
  /** V0_WEBHOOK_ALLOW_HTTP: allow plain-http webhook destinations. */
  allowHttpWebhooks: boolean;
  /** V0_WEBHOOK_ALLOWED_HOSTS: when set, webhook URLs must point at one of these hosts (`*.x` wildcards). */
  allowedWebhookHosts: readonly string[] | undefined;
  /** V0_WEBHOOK_ALLOW_PRIVATE: allow localhost and loopback/private/link-local IP destinations. */
  allowPrivateWebhooks: boolean;
  /** --read-only / V0_READ_ONLY: expose only list_webhooks and get_webhook. */
  readOnly: boolean;
  /** --sandbox / V0_SANDBOX: an in-memory v0 API, no key and no network. */
  sandbox: boolean;
}

export type Command = { kind: "run"; config: Config } | { kind: "help" } | { kind: "version" };

export class ConfigError extends Error {
  override name = "ConfigError";
}

export type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env, argv: readonly string[]): Command {
  const flags = parseArgs(argv);
  if (flags.help) return { kind: "help" };
  if (flags.version) return { kind: "version" };

  return {
    kind: "run",
    config: {
      apiKey: parseApiKey(env.V0_API_KEY),
      baseUrl: parseBaseUrl(env.V0_API_BASE_URL),
      timeoutMs: parseTimeout(env.V0_TIMEOUT_MS),
      allowHttpWebhooks: parseBoolean("V0_WEBHOOK_ALLOW_HTTP", env.V0_WEBHOOK_ALLOW_HTTP),
      allowedWebhookHosts: parseHostList(env.V0_WEBHOOK_ALLOWED_HOSTS),
      allowPrivateWebhooks: parseBoolean("V0_WEBHOOK_ALLOW_PRIVATE", env.V0_WEBHOOK_ALLOW_PRIVATE),
      readOnly: flags.readOnly || parseBoolean("V0_READ_ONLY", env.V0_READ_ONLY),
      sandbox: flags.sandbox || parseBoolean("V0_SANDBOX", env.V0_SANDBOX),
    },
  };
}

interface Flags {
  help: boolean;
  version: boolean;
  sandbox: boolean;
  readOnly: boolean;
}

function parseArgs(argv: readonly string[]): Flags {
  const flags: Flags = { help: false, version: false, sandbox: false, readOnly: false };
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") flags.help = true;
    else if (arg === "--version" || arg === "-v") flags.version = true;
    else if (arg === "--sandbox") flags.sandbox = true;
    else if (arg === "--read-only") flags.readOnly = true;
    else if (arg.startsWith("--api-key") || arg.startsWith("--key")) {
      throw new ConfigError(
        "the API key is not taken from the command line (it would show in process lists and client logs): set V0_API_KEY in the server's env instead",
      );
    } else {
      throw new ConfigError(`unknown option ${JSON.stringify(arg)}; run with --help to see the options`);
    }
  }
  return flags;
}

function parseApiKey(raw: string | undefined): string | undefined {
  const key = raw?.trim();
  if (!key) return undefined;
  // A key with whitespace or control characters cannot be sent in a header; never echo it.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new ConfigError("V0_API_KEY contains spaces or non-printable characters; paste the key again");
  }
  if (key.length < 8) throw new ConfigError("V0_API_KEY is too short to be a v0 API key");
  return key;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function parseBaseUrl(raw: string | undefined): string {
  const value = raw?.trim() || DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`V0_API_BASE_URL is not an absolute URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`V0_API_BASE_URL must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      "V0_API_BASE_URL must use https (plain http is allowed only for localhost/127.0.0.1/[::1]) so the API key never travels in clear",
    );
  }
  if (url.username || url.password) {
    throw new ConfigError("V0_API_BASE_URL must not contain credentials; the key goes in V0_API_KEY");
  }
  if (url.search || url.hash) {
    throw new ConfigError("V0_API_BASE_URL must not have a query string or fragment");
  }
  // Keep the path (`/v2`): requests go to `${base}/hooks`.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

const HOST_PATTERN = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$|^[0-9.]+$/;

function parseHostList(raw: string | undefined): readonly string[] | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const hosts = raw
    .split(",")
    .map((host) => host.trim().toLowerCase().replace(/\.$/, ""))
    .filter(Boolean);
  for (const host of hosts) {
    if (!HOST_PATTERN.test(host)) {
      throw new ConfigError(
        `V0_WEBHOOK_ALLOWED_HOSTS: ${JSON.stringify(host)} is not a host name; use a comma-separated list such as "hooks.example.com,*.my.app" (no scheme, port or path)`,
      );
    }
  }
  return hosts;
}

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_TIMEOUT_MS;
  const value = raw.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_TIMEOUT_MS) {
    throw new ConfigError(
      `V0_TIMEOUT_MS must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${JSON.stringify(raw)}`,
    );
  }
  return Number(value);
}

function parseBoolean(name: string, raw: string | undefined): boolean {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === "" || value === "0" || value === "false" || value === "no") return false;
  if (value === "1" || value === "true" || value === "yes") return true;
  throw new ConfigError(`${name} must be 1/true/yes or 0/false/no, got ${JSON.stringify(raw)}`);
}
