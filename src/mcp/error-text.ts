import { InputError } from "../policy/input-error.js";
import { sanitizeUpstreamText } from "../text/sanitize.js";
import {
  V0CancelledError,
  V0Error,
  V0HttpError,
  V0InvalidResponseError,
  V0MissingKeyError,
  V0NetworkError,
  V0TimeoutError,
} from "../v0/errors.js";
import { KEYS_URL } from "../v0/paths.js";
import { PersonDeclinedError } from "./consent.js";

/**
 * Whose key v0 is called with, which decides what a 401 tells the agent to fix: the server's
 * V0_API_KEY, the HTTP caller's own bearer (MCP_HTTP_AUTH=v0-key), or the key a person pasted when
 * signing in (MCP_HTTP_AUTH=oauth).
 */
export type KeySource = "server" | "caller" | "sign-in";

export interface ErrorContext {
  toolName: string;
  keyFrom?: KeySource;
  /** Scrubs the secrets of this call from a message before it is cut (text/redact.ts). */
  redact: (text: string) => string;
  /** The tool's hints for this call (from its input), when its arguments were valid. */
  hints?: { notFound: string; lostAnswer?: string | undefined };
}

/**
 * The one place that turns any failure into text an agent can act on: what happened (with the
 * HTTP status and v0's own message), and what to do next. Never a stack trace or raw upstream body.
 */
export function describeError(error: unknown, context: ErrorContext): string {
  if (error instanceof PersonDeclinedError) return error.message;
  if (error instanceof InputError) {
    return `Invalid arguments for ${context.toolName}; nothing was sent to v0.\n${error.message}\nFix the arguments and call ${context.toolName} again.`;
  }
  if (error instanceof V0MissingKeyError) {
    return `V0_API_KEY is not set, so nothing was sent to v0. Create an API key at ${KEYS_URL} (API access needs a paid v0 plan), put it in this server's "env" as V0_API_KEY in the MCP client's config, and restart the client. To try the tools without a key, start the server with --sandbox.`;
  }
  if (error instanceof V0HttpError) return describeHttpError(error, context);
  if (error instanceof V0TimeoutError) {
    return `v0 did not answer ${error.method} ${error.path} within ${error.timeoutMs} ms (V0_TIMEOUT_MS).${lostAnswerHint(error, context)} Retry in a moment; raise V0_TIMEOUT_MS if this keeps happening.`;
  }
  if (error instanceof V0NetworkError) {
    return `Could not reach the v0 API (${error.code ?? "connection failed"}) for ${error.method} ${error.path}.${lostAnswerHint(error, context)} Check the network and V0_API_BASE_URL, then retry.`;
  }
  if (error instanceof V0InvalidResponseError) {
    return `v0 answered ${error.method} ${error.path} with status ${error.status} but ${error.detail}. The v0 API may have changed or a proxy answered instead.${lostAnswerHint(error, context)}`;
  }
  if (error instanceof V0CancelledError) return "The call was cancelled before v0 answered.";
  if (error instanceof V0Error)
    return `v0 request failed: ${sanitizeUpstreamText(error.message, undefined, context.redact)}`;
  const message = error instanceof Error ? error.message : String(error);
  return `Internal error in v0-webhooks-mcp while running ${context.toolName}: ${sanitizeUpstreamText(message, 200, context.redact)}. Retry once; if it persists, report it.`;
}

function describeHttpError(error: V0HttpError, context: ErrorContext): string {
  const said = error.upstreamMessage ? ` v0 said: "${error.upstreamMessage}".` : "";
  const head = `v0 API error ${error.status}${error.statusText ? ` ${error.statusText}` : ""} on ${error.method} ${error.path}.${said}`;
  switch (error.status) {
    case 400:
    case 422:
      return `${head} v0 rejected the request: fix the fields it names and call ${context.toolName} again.`;
    case 401:
      return `${head} ${KEY_REJECTED[context.keyFrom ?? "server"]}`;
    case 403:
      return `${head} The key is valid but not allowed to do this: v0 API access needs a paid plan, and the key's account must own the webhook or chat. Check the plan and permissions at ${KEYS_URL}; retrying will not help.`;
    case 404:
      return `${head} Not found${context.hints ? `: ${context.hints.notFound}` : "."}`;
    case 409:
      return `${head} The request conflicts with the current state; read the webhook again and retry.`;
    case 429:
      return `${head} Rate limited: ${
        error.retryAfterSeconds !== undefined
          ? `retry after ${error.retryAfterSeconds} seconds.`
          : "v0 sent no Retry-After; wait about a minute before retrying."
      }`;
    default:
      if (error.status >= 500) {
        return `${head} This is a problem on v0's side.${lostAnswerHint(error, context)} Retry in a little while.`;
      }
      return `${head} The request was not accepted.`;
  }
}

function lostAnswerHint(error: V0Error, context: ErrorContext): string {
  return error.mayHaveBeenApplied && context.hints?.lostAnswer ? ` ${context.hints.lostAnswer}` : "";
}

/** What a 401 from v0 tells the agent to fix, by whose key was sent. */
const KEY_REJECTED: Record<KeySource, string> = {
  server: `The API key was rejected: check that V0_API_KEY holds a current key from ${KEYS_URL} (no quotes or spaces), then restart the MCP client.`,
  caller: `Your v0 API key was rejected: the key this client sends as its Authorization bearer is not a current v0 key. Create one at ${KEYS_URL}, put it in this connection's settings (the bearer token), and reconnect.`,
  "sign-in": `The v0 API key you signed in with was rejected (deleted or expired at v0): disconnect this server in your client and connect again, then paste a current key from ${KEYS_URL} on the sign-in page.`,
};
