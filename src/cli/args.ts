/**
 * The command line, read with node:util's parseArgs, turned into what to do: serve MCP (with the
 * configuration layer's settings, src/config/), run `receive`, or print help or the version. Pure:
 * no I/O, no exit; a ConfigError's message is printed by the entry point. Errors name an option,
 * never a value, which may be a secret pasted in the wrong place.
 */
import { parseArgs } from "node:util";
import { ConfigError, type Env, notShown } from "../config/errors.js";
import { DEFAULT_HTTP_HOST, loadHttpConfig, type TransportConfig } from "../config/http.js";
import { loadServerConfig, type ServerConfig } from "../config/server.js";
import { parseBindHost, parsePort } from "../config/values.js";

/** What the bin serves: the MCP server's settings and how it is reached. */
export interface Config extends ServerConfig {
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

const SERVE_OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  sandbox: { type: "boolean" },
  "read-only": { type: "boolean" },
  http: { type: "boolean" },
  host: { type: "string" },
  port: { type: "string" },
} as const;

const RECEIVE_OPTIONS = {
  help: { type: "boolean", short: "h" },
  host: { type: "string" },
  port: { type: "string" },
  forward: { type: "string" },
} as const;

export function loadConfig(env: Env, argv: readonly string[]): Command {
  if (argv[0] === "receive") return parseReceive(argv.slice(1));
  const values = options(argv, SERVE_OPTIONS, "");
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const server = loadServerConfig(env, { sandbox: values.sandbox, readOnly: values["read-only"] });
  const http = values.http ?? parseTransportName(env.MCP_TRANSPORT);
  if (!http && (values.host !== undefined || values.port !== undefined)) {
    throw new ConfigError("--host and --port only apply with --http (MCP over Streamable HTTP)");
  }
  const transport: TransportConfig = http
    ? loadHttpConfig(env, server, { host: values.host, port: values.port })
    : { kind: "stdio" };
  return { kind: "run", config: { ...server, transport } };
}

function parseReceive(argv: readonly string[]): Command {
  const values = options(argv, RECEIVE_OPTIONS, "receive: ");
  if (values.help) return { kind: "help" };
  let forward: string | undefined;
  if (values.forward !== undefined) {
    const url = URL.canParse(values.forward) ? new URL(values.forward) : undefined;
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw new ConfigError("receive: --forward must be an http(s) URL of your app, e.g. http://localhost:3000/hooks");
    }
    forward = url.href;
  }
  return {
    kind: "receive",
    receive: {
      host: values.host === undefined ? DEFAULT_HTTP_HOST : parseBindHost(values.host, "receive: --host"),
      port: values.port === undefined ? DEFAULT_RECEIVE_PORT : parsePort(values.port, "receive: --port"),
      forward,
    },
  };
}

type Spec = Record<string, { type: "boolean" | "string"; short?: string }>;
type Values<S extends Spec> = { [K in keyof S]?: S[K]["type"] extends "boolean" ? boolean : string };

const EXAMPLES: Record<string, string> = {
  "--port": "--port 8787",
  "--host": "--host 127.0.0.1",
  "--forward": "--forward http://localhost:3000/hooks",
};

/**
 * The options of one command, read by parseArgs in its lenient mode (`strict: false`, with
 * tokens), so that every refusal is worded here: an unknown option is named only when it looks
 * like one, a positional argument is never repeated, a switch given a value is told it takes none.
 */
function options<S extends Spec>(argv: readonly string[], spec: S, prefix: string): Values<S> {
  const { tokens } = parseArgs({ args: [...argv], options: spec, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean> = {};
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      throw new ConfigError(
        `${prefix}unexpected argument ${notShown(token.value)}. It takes options only (run with --help); keys belong in the env block as V0_API_KEY.`,
      );
    }
    const known = spec[token.name];
    if (!known) throw new ConfigError(unknownOption(token.rawName, spec, prefix));
    if (known.type === "boolean") {
      // Only the switch's name: what follows `=` may be a secret pasted in the wrong place.
      if (token.inlineValue)
        throw new ConfigError(
          `${prefix}${token.rawName} is a switch and takes no value: write ${token.rawName} alone.`,
        );
      values[token.name] = true;
    } else {
      const value = token.value;
      if (value === undefined || value === "" || (!token.inlineValue && value.startsWith("-"))) {
        throw new ConfigError(
          `${prefix}${token.rawName} needs a value, e.g. ${EXAMPLES[token.rawName] ?? `${token.rawName} VALUE`}`,
        );
      }
      values[token.name] = value;
    }
  }
  return values as Values<S>;
}

/**
 * An unknown option's name, shown only when it looks like a mistyped option (short, lower case,
 * letters and hyphens): `--<key>` or `--h<key>` is a pasted secret, and is not repeated.
 */
function shownOption(rawName: string): string {
  return /^--?[a-z][a-z-]{0,23}$/.test(rawName) ? JSON.stringify(rawName) : `(an option ${notShown(rawName)})`;
}

function unknownOption(rawName: string, spec: Spec, prefix: string): string {
  if (/(key|token|secret)/i.test(rawName)) {
    return `${shownOption(rawName)}: keys and tokens are not taken from the command line (they would show in process lists and client logs): set V0_API_KEY (and MCP_HTTP_TOKEN) in the server's env instead`;
  }
  const known = Object.keys(spec).map((name) => `--${name}`);
  const hint = closestOption(rawName, known);
  if (prefix) {
    return `${prefix}unknown option ${shownOption(rawName)}${hint ? `; did you mean ${hint}?` : ""}; it takes ${known.filter((name) => name !== "--help").join(", ")}.`;
  }
  return `unknown option ${shownOption(rawName)}${hint ? `; did you mean ${hint}?` : "."} Run with --help to see the options.`;
}

function parseTransportName(raw: string | undefined): boolean {
  const value = raw?.trim().toLowerCase();
  if (!value || value === "stdio") return false;
  if (value === "http") return true;
  throw new ConfigError(`MCP_TRANSPORT must be stdio or http ${notShown(raw ?? "")}`);
}

/** The known option nearest to a mistyped one: at most a third of it mistyped, never a guess. */
function closestOption(given: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(4, Math.floor(given.replace(/^-+/, "").length / 3) + 1);
  for (const option of known) {
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
