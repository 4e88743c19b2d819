/** What the server says about itself in `server/discover` and `initialize`. */
export const SERVER_NAME = "v0-webhooks-mcp";
export const SERVER_TITLE = "v0 Webhooks";

export const INSTRUCTIONS =
  "Tools to create and manage webhooks on the v0 Platform API (v0.app by Vercel). A webhook makes v0 POST event payloads (chat.* and message.* events) to an https URL. Errors come back as results with isError set and say what to do next.";

/**
 * Tools, prompts (with completion of their arguments) and resources, each a list that does not
 * change while the process runs (so no `listChanged`, and no resource subscriptions).
 */
export const CAPABILITIES = { tools: {}, prompts: {}, resources: {}, completions: {} } as const;

/**
 * How long a 2026-07-28 client may reuse the tool list and the discover result (`ttlMs`), and
 * that any client may (`cacheScope: "public"`): both depend only on the server's configuration,
 * never on the caller, and change only when the server restarts (a new version, or `--read-only`
 * switched). An hour bounds how long a client keeps a list from before such a restart.
 */
export const LIST_CACHE_HINT = { ttlMs: 3_600_000, cacheScope: "public" } as const;
