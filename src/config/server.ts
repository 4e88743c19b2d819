import type { DestinationConfig } from "../policy/destination.js";
import type { Env } from "./errors.js";
import {
  parseApiKey,
  parseBaseUrl,
  parseBoolean,
  parseBooleanDefaultOn,
  parseHostList,
  parseTimeout,
} from "./values.js";

export const DEFAULT_TIMEOUT_MS = 30_000;
export const MAX_TIMEOUT_MS = 600_000;

/** What the MCP server is built from: v0, the tools and the destination policy. The same for every transport. */
export interface ServerConfig extends DestinationConfig {
  /** Undefined when V0_API_KEY is unset: the server still starts and tool calls explain what to do. */
  apiKey: string | undefined;
  /** Without a trailing slash; requests go to `${baseUrl}/hooks`. */
  baseUrl: string;
  /** V0_TIMEOUT_MS: the budget of one tool call, retries included. */
  timeoutMs: number;
  /** --read-only / V0_READ_ONLY: offer only the tools that change nothing. */
  readOnly: boolean;
  /** --sandbox / V0_SANDBOX: an in-memory v0 API, no key and no network. */
  sandbox: boolean;
  /** V0_CONFIRM_DELETES (on unless 0): ask the person before a delete, when the client can ask. */
  confirmDeletes: boolean;
}

/** Options the command line may set, over their environment variables. */
export interface ServerFlags {
  sandbox?: boolean | undefined;
  readOnly?: boolean | undefined;
}

/** The server's settings from the environment (and, for the CLI, its switches). Pure: throws ConfigError. */
export function loadServerConfig(env: Env, flags: ServerFlags = {}): ServerConfig {
  const sandbox = flags.sandbox ?? parseBoolean("V0_SANDBOX", env.V0_SANDBOX);
  return {
    // The sandbox sends nothing to v0: a key in the environment (even the README's placeholder) is not used.
    apiKey: sandbox ? undefined : parseApiKey(env.V0_API_KEY),
    baseUrl: parseBaseUrl(env.V0_API_BASE_URL),
    timeoutMs: parseTimeout(env.V0_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS),
    allowHttpWebhooks: parseBoolean("V0_WEBHOOK_ALLOW_HTTP", env.V0_WEBHOOK_ALLOW_HTTP),
    allowedWebhookHosts: parseHostList(env.V0_WEBHOOK_ALLOWED_HOSTS),
    allowPrivateWebhooks: parseBoolean("V0_WEBHOOK_ALLOW_PRIVATE", env.V0_WEBHOOK_ALLOW_PRIVATE),
    readOnly: flags.readOnly ?? parseBoolean("V0_READ_ONLY", env.V0_READ_ONLY),
    sandbox,
    confirmDeletes: parseBooleanDefaultOn("V0_CONFIRM_DELETES", env.V0_CONFIRM_DELETES),
  };
}
