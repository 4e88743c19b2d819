/**
 * Configuration is a pure function of the environment and the command line: no I/O, no exit.
 * The entry point prints a ConfigError's message as one line on stderr and exits.
 */
import { isHostPattern, isLoopbackHost } from "../policy/destination.js";
import type { HttpConfig, TransportConfig } from "../transports/config.js";
import { DEFAULT_BASE_URL, KEYS_URL } from "../v0/paths.js";

export const DEFAULT_TIMEOUT_MS = 30_000;
export const MAX_TIMEOUT_MS = 600_000;

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
  /** --read-only / V0_READ_ONLY: offer only the tools that change nothing. */
  readOnly: boolean;
  /** --sandbox / V0_SANDBOX: an in-memory v0 API, no key and no network. */
  sandbox: boolean;
  /** stdio (what desktop clients start), or --http / MCP_TRANSPORT=http: Streamable HTTP. */
  transport: TransportConfig;
}

export type Command =
  | { kind: "run"; config: Config }
  | { kind: "receive"; receive: ReceiveConfig }
  | { kind: "help" }
  | { kind: "version" };

/** `v0-webhooks-mcp receive`: a local receiver that prints webhook deliveries (src/cli/receive.ts). */
export interface ReceiveConfig {
  host: string;
  port: number;
  /** Where each delivery is passed on, when given (--forward). */
  forward: string | undefined;
}

export const DEFAULT_RECEIVE_PORT = 8788;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * How an error refers to a value it refuses: never the value itself, which may be a key pasted
 * into the wrong place (an argument, V0_SANDBOX, --host), only its length.
 */
function notShown(raw: string): string {
  return `(the value given, ${[...raw].length} characters, is not repeated here in case it is a secret)`;
}

/** An option's name as the user typed it, when it looks like one (`--sandbx`, `-k`); otherwise undefined. */
function optionName(arg: string): string | undefined {
  return /^--?[A-Za-z][A-Za-z0-9_-]{0,40}$/.test(arg) ? JSON.stringify(arg) : undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env, argv: readonly string[]): Command {
  if (argv[0] === "receive") return parseReceive(argv.slice(1));
  const flags = parseArgs(argv);
  if (flags.help) return { kind: "help" };
  if (flags.version) return { kind: "version" };

  const sandbox = flags.sandbox ?? parseBoolean("V0_SANDBOX", env.V0_SANDBOX);
  // The sandbox sends nothing to v0: a key in the environment (even the README's placeholder) is not used.
  const apiKey = sandbox ? undefined : parseApiKey(env.V0_API_KEY);
  return {
    kind: "run",
    config: {
      apiKey,
      baseUrl: parseBaseUrl(env.V0_API_BASE_URL),
      timeoutMs: parseTimeout(env.V0_TIMEOUT_MS),
      allowHttpWebhooks: parseBoolean("V0_WEBHOOK_ALLOW_HTTP", env.V0_WEBHOOK_ALLOW_HTTP),
      allowedWebhookHosts: parseHostList(env.V0_WEBHOOK_ALLOWED_HOSTS),
      allowPrivateWebhooks: parseBoolean("V0_WEBHOOK_ALLOW_PRIVATE", env.V0_WEBHOOK_ALLOW_PRIVATE),
      readOnly: flags.readOnly ?? parseBoolean("V0_READ_ONLY", env.V0_READ_ONLY),
      sandbox,
      transport: parseTransport(flags, env, apiKey, sandbox),
    },
  };
}

/** Options as given; `undefined` means "not on the command line" (the environment decides). */
interface Flags {
  help?: boolean;
  version?: boolean;
  sandbox?: boolean;
  readOnly?: boolean;
  http?: boolean;
  host?: string;
  port?: string;
}

const SWITCHES: Record<string, "help" | "version" | "sandbox" | "readOnly" | "http"> = {
  "--help": "help",
  "-h": "help",
  "--version": "version",
  "-v": "version",
  "--sandbox": "sandbox",
  "--read-only": "readOnly",
  "--http": "http",
};
const VALUED: Record<string, "host" | "port"> = { "--host": "host", "--port": "port" };

function parseArgs(argv: readonly string[]): Flags {
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [name = "", inline] = arg.startsWith("-") ? splitOnce(arg, "=") : [arg, undefined];
    const switchName = SWITCHES[name];
    const valued = VALUED[name];
    if (switchName && inline === undefined) {
      flags[switchName] = true;
    } else if (switchName) {
      // Only the switch's name: what follows `=` may be a secret pasted in the wrong place.
      throw new ConfigError(`${name} is a switch and takes no value: write ${name} alone.`);
    } else if (valued) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "" || value.startsWith("--")) {
        throw new ConfigError(`${name} needs a value, e.g. ${name === "--port" ? "--port 8787" : "--host 127.0.0.1"}`);
      }
      flags[valued] = value;
    } else if (/^--.*(key|token|secret)/i.test(name)) {
      throw new ConfigError(
        `${name}: keys and tokens are not taken from the command line (they would show in process lists and client logs): set V0_API_KEY (and MCP_HTTP_TOKEN) in the server's env instead`,
      );
    } else {
      // Only the option's name, and only when it looks like one: a value after `=`, or an argument
      // that is not an option at all, may be a secret pasted in the wrong place.
      const shownName = optionName(name);
      if (shownName === undefined) {
        throw new ConfigError(
          `unexpected argument ${notShown(arg)}. This server takes options only (run with --help); keys belong in the env block as V0_API_KEY.`,
        );
      }
      const hint = closestOption(name);
      throw new ConfigError(
        `unknown option ${shownName}${hint ? `; did you mean ${hint}?` : "."} Run with --help to see the options.`,
      );
    }
  }
  return flags;
}

function parseReceive(argv: readonly string[]): Command {
  const given: { host?: string; port?: string; forward?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const [name = "", inline] = splitOnce(argv[i] ?? "", "=");
    if (name === "--help" || name === "-h") return { kind: "help" };
    const key = ({ "--host": "host", "--port": "port", "--forward": "forward" } as const)[name as "--host"];
    if (!key) {
      const shownName = optionName(name);
      throw new ConfigError(
        `receive: ${shownName ? `unknown option ${shownName}` : `unexpected argument ${notShown(argv[i] ?? "")}`}; it takes --port, --host and --forward.`,
      );
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === "" || value.startsWith("--")) {
      throw new ConfigError(
        `receive: ${name} needs a value, e.g. ${name === "--forward" ? "--forward http://localhost:3000/hooks" : name === "--port" ? "--port 8788" : "--host 127.0.0.1"}`,
      );
    }
    given[key] = value;
  }
  let forward: string | undefined;
  if (given.forward !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(given.forward);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw new ConfigError(`receive: --forward must be an http(s) URL of your app, e.g. http://localhost:3000/hooks`);
    }
    forward = url.href;
  }
  return {
    kind: "receive",
    receive: {
      host: given.host === undefined ? DEFAULT_HTTP_HOST : parseBindHost(given.host, "receive: --host"),
      port: given.port === undefined ? DEFAULT_RECEIVE_PORT : parsePort(given.port, "receive: --port"),
      forward,
    },
  };
}

function parsePort(raw: string, name: string): number {
  const value = raw.trim();
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535 ${notShown(raw)}`);
  }
  return Number(value);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** The known option nearest to a mistyped one (edit distance ≤ 3). */
function closestOption(given: string): string | undefined {
  let best: string | undefined;
  // A near name only: at most a third of it mistyped (`--sandbx`, `--read_only`), never a guess.
  let bestDistance = Math.min(4, Math.floor(given.replace(/^-+/, "").length / 3) + 1);
  for (const option of [...Object.keys(SWITCHES), ...Object.keys(VALUED)]) {
    if (!option.startsWith("--")) continue;
    const distance = editDistance(given, option);
    if (distance < bestDistance) {
      best = option;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export const DEFAULT_HTTP_HOST = "127.0.0.1";
export const DEFAULT_HTTP_PORT = 8787;
export const MIN_HTTP_TOKEN_LENGTH = 16;

function parseTransport(flags: Flags, env: Env, apiKey: string | undefined, sandbox: boolean): TransportConfig {
  const enabled = flags.http ?? parseTransportName(env.MCP_TRANSPORT);
  if (!enabled) {
    if (flags.host !== undefined || flags.port !== undefined) {
      throw new ConfigError("--host and --port only apply with --http (MCP over Streamable HTTP)");
    }
    return { kind: "stdio" };
  }
  const auth = parseHttpAuth(env, apiKey, sandbox);
  const rawHost = (flags.host ?? env.MCP_HTTP_HOST)?.trim();
  const host = rawHost ? parseBindHost(rawHost, "--host / MCP_HTTP_HOST") : DEFAULT_HTTP_HOST;
  const rawPort = (flags.port ?? env.MCP_HTTP_PORT)?.trim();
  const port = rawPort ? parsePort(rawPort, "--port / MCP_HTTP_PORT") : DEFAULT_HTTP_PORT;
  const allowedOrigins = (env.MCP_HTTP_ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  for (const [index, origin] of allowedOrigins.entries()) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) {
      throw new ConfigError(
        `MCP_HTTP_ALLOWED_ORIGINS: entry ${index + 1} is not an origin ${notShown(origin)}; use scheme://host[:port], e.g. https://app.example.com`,
      );
    }
  }
  return { kind: "http", host, port, auth, allowedOrigins };
}

function parseHttpAuth(env: Env, apiKey: string | undefined, sandbox: boolean): HttpConfig["auth"] {
  const mode = env.MCP_HTTP_AUTH?.trim().toLowerCase() || "token";
  const token = env.MCP_HTTP_TOKEN?.trim();
  if (mode === "v0-key") {
    if (sandbox) {
      throw new ConfigError(
        "MCP_HTTP_AUTH=v0-key with --sandbox would let any bearer into one shared in-memory account: use MCP_HTTP_TOKEN for a hosted sandbox",
      );
    }
    // Each caller's own key is used for its requests; the server holds no secret of its own.
    if (apiKey || token) {
      throw new ConfigError(
        "MCP_HTTP_AUTH=v0-key takes each caller's own v0 key from its Authorization header: unset V0_API_KEY and MCP_HTTP_TOKEN, which would otherwise sit unused in the server's environment",
      );
    }
    return { kind: "v0-key" };
  }
  if (mode !== "token")
    throw new ConfigError(`MCP_HTTP_AUTH must be token or v0-key ${notShown(env.MCP_HTTP_AUTH ?? "")}`);
  if (!token) {
    throw new ConfigError(
      `--http needs MCP_HTTP_TOKEN: clients must send "Authorization: Bearer <token>". Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('hex'))" (or set MCP_HTTP_AUTH=v0-key for each caller to send their own v0 API key)`,
    );
  }
  if (token.length < MIN_HTTP_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ConfigError(
      `MCP_HTTP_TOKEN must be at least ${MIN_HTTP_TOKEN_LENGTH} printable characters without spaces`,
    );
  }
  if (apiKey && token === apiKey) {
    throw new ConfigError("MCP_HTTP_TOKEN must not be the v0 API key: clients would then hold the key");
  }
  return { kind: "token", token };
}

function parseTransportName(raw: string | undefined): boolean {
  const value = raw?.trim().toLowerCase();
  if (!value || value === "stdio") return false;
  if (value === "http") return true;
  throw new ConfigError(`MCP_TRANSPORT must be stdio or http ${notShown(raw ?? "")}`);
}

/** What a client config holds when nobody filled it in: the README's placeholder, an unexpanded input. */
const PLACEHOLDER_KEY = /^(your[-_ ]?v0[-_ ]?api[-_ ]?key|<.*>|\$\{.*\}|xxx+|changeme|todo)$/i;

function parseApiKey(raw: string | undefined): string | undefined {
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
  // A key with whitespace or control characters cannot be sent in a header; never echo it.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new ConfigError("V0_API_KEY contains spaces or non-printable characters; paste the key again");
  }
  if (key.length < 8) throw new ConfigError("V0_API_KEY is too short to be a v0 API key");
  return key;
}

function parseBaseUrl(raw: string | undefined): string {
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
  if (url.search || url.hash) {
    throw new ConfigError("V0_API_BASE_URL must not have a query string or fragment");
  }
  // Keep the path (`/v2`): requests go to `${base}/hooks`.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

function parseHostList(raw: string | undefined): readonly string[] | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const hosts = raw
    .split(",")
    .map((host) => host.trim().toLowerCase().replace(/\.$/, ""))
    .filter(Boolean);
  for (const [index, host] of hosts.entries()) {
    if (!isHostPattern(host)) {
      throw new ConfigError(
        `V0_WEBHOOK_ALLOWED_HOSTS: entry ${index + 1} is not a host name ${notShown(host)}; use a comma-separated list such as "hooks.example.com,*.my.app" (no scheme, port or path)`,
      );
    }
  }
  return hosts;
}

/**
 * An address to listen on: a host name (letters, digits, dots, hyphens) or an IP address, as
 * `0.0.0.0`, `::` or `[::1]`. Anything else (a key pasted after --host, say) is refused unechoed.
 */
function parseBindHost(raw: string, name: string): string {
  const host = raw.trim();
  if (/^[A-Za-z0-9.-]{1,253}$/.test(host) || /^\[?[0-9A-Fa-f:.]{2,45}\]?$/.test(host)) return host;
  throw new ConfigError(`${name} must be a host name or IP address to listen on, e.g. 127.0.0.1 ${notShown(raw)}`);
}

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_TIMEOUT_MS;
  const value = raw.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_TIMEOUT_MS) {
    throw new ConfigError(
      `V0_TIMEOUT_MS must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS} ${notShown(raw)}`,
    );
  }
  return Number(value);
}

function parseBoolean(name: string, raw: string | undefined): boolean {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === "" || value === "0" || value === "false" || value === "no") return false;
  if (value === "1" || value === "true" || value === "yes") return true;
  throw new ConfigError(`${name} must be 1/true/yes or 0/false/no ${notShown(raw ?? "")}`);
}
