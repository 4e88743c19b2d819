/** Where v0 lives: the API's default base URL, where keys come from, and the hooks paths. */
export const DEFAULT_BASE_URL = "https://api.v0.dev/v2";
export const KEYS_URL = "https://v0.app/chat/settings/keys";

const HOOKS = "/hooks";
const HOOK = "/hooks/{hookId}";

/**
 * Path parameters are URL-encoded so an id like `../chats` or `a/b?x=1` cannot reach another
 * endpoint. `.` and `..` survive encoding and a URL parser resolves them (`/v2/hooks/..` is
 * `/v2/`), so they are refused outright. (`%2e` is encoded to `%252e`, which is harmless.)
 */
export function hookPath(hookId: string): string {
  if (hookId === "" || hookId === "." || hookId === "..") {
    throw new RangeError(`invalid hook id ${JSON.stringify(hookId)}`);
  }
  return HOOK.replace("{hookId}", encodeURIComponent(hookId));
}

/**
 * The hooks operations the client calls, by `HooksApi` method: the one place that says which method
 * and path template each uses (`npm run check:api` holds them to v0's OpenAPI document).
 */
export const OPERATIONS = {
  createHook: { method: "POST", path: HOOKS },
  listHooks: { method: "GET", path: HOOKS },
  getHook: { method: "GET", path: HOOK },
  updateHook: { method: "PATCH", path: HOOK },
  deleteHook: { method: "DELETE", path: HOOK },
} as const;
