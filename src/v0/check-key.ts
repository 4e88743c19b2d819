import { V0Client } from "./client.js";
import { V0HttpError } from "./errors.js";
import { KEYS_URL } from "./paths.js";
import type { Send } from "./send.js";

/** Whether v0 takes a key; when not, its status and a reason a person can act on. */
export type KeyCheck = { ok: true } | { ok: false; status: number; reason: string };

export interface KeyCheckOptions {
  baseUrl: string;
  timeoutMs: number;
  version: string;
  loadSend: () => Promise<Send>;
}

/**
 * Asks v0 once whether `key` works: `GET /hooks` with it, read-only and free of side effects (the
 * sign-in page of MCP_HTTP_AUTH=oauth uses it before issuing a code). A 401 or 403 is a verdict;
 * anything else v0 or the network does (5xx, a timeout, no answer) throws, because it says nothing
 * about the key. The client scrubs the key from whatever v0 says.
 */
export async function checkV0Key(options: KeyCheckOptions, key: string, signal?: AbortSignal): Promise<KeyCheck> {
  const client = new V0Client({
    baseUrl: options.baseUrl,
    apiKey: key,
    timeoutMs: options.timeoutMs,
    userAgent: `v0-webhooks-mcp/${options.version}`,
    loadSend: options.loadSend,
  });
  try {
    await client.listHooks(signal ? { signal } : undefined);
    return { ok: true };
  } catch (error) {
    if (error instanceof V0HttpError && (error.status === 401 || error.status === 403)) {
      const said = error.upstreamMessage ? `v0 said "${error.upstreamMessage}". ` : "";
      return {
        ok: false,
        status: error.status,
        reason:
          error.status === 401
            ? `${said}Check that you pasted a whole, current key from ${KEYS_URL}.`
            : `${said}The key is valid, but v0 API access needs a paid plan.`,
      };
    }
    throw error;
  }
}
