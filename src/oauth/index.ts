/**
 * The OAuth 2.1 authorization server for hosted mode (MCP_HTTP_AUTH=oauth). Web APIs and jose only:
 * no `node:` import anywhere in this folder, so it bundles for Workers, Edge, Deno and Bun.
 */

export { type KvNamespaceLike, KvOAuthStore } from "./kv-store.js";
export { createAuthorizationServer } from "./router.js";
export { MemoryOAuthStore, type OAuthStore, type RefreshFamily } from "./store.js";
export { CODE_TTL_SECONDS, REFRESH_TTL_SECONDS } from "./tokens.js";
export {
  type AccessTokenCheck,
  type AuthorizationServer,
  MIN_SECRET_LENGTH,
  type OAuthDeps,
  type OAuthSettings,
  type V0KeyCheck,
} from "./types.js";
