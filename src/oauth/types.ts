import type { OAuthStore } from "./store.js";

/** Every secret is at least this long (MCP_OAUTH_SECRET; the config layer says so before this refuses it). */
export const MIN_SECRET_LENGTH = 32;

/** What the authorization server is, from MCP_PUBLIC_URL and MCP_OAUTH_SECRET (the config layer validates them). */
export interface OAuthSettings {
  /** The origin clients use, e.g. `https://mcp.example.com` (no trailing slash, no path). */
  issuer: string;
  /** The protected resource, `${issuer}/mcp`: every token's audience. */
  resource: string;
  /** Each at least 32 random characters. The first seals new tokens; all open them (rotation). */
  secrets: readonly string[];
  /** Access-token lifetime: 3600 by default, at most 86400 (the config layer enforces both). */
  accessTokenTtlSeconds: number;
}

/** The answer of deps.checkV0Key: whether v0 takes this key (`GET /hooks`). */
export type V0KeyCheck = { ok: true } | { ok: false; status?: number; reason: string };

/** What the authorization server needs from outside: state, v0, the network, a clock, a log. */
export interface OAuthDeps {
  /** Used codes and refresh-token families (see store.ts). */
  store: OAuthStore;
  /** Asks v0 once whether this key works. Never called with anything but what the person pasted. */
  checkV0Key(key: string, signal?: AbortSignal): Promise<V0KeyCheck>;
  /**
   * Fetches a Client ID Metadata Document. Defaults to the global fetch with `redirect: "manual"`;
   * the caller applies the timeout (the signal) and the size cap either way.
   */
  fetchClientMetadata?: (url: string, init: { signal: AbortSignal }) => Promise<Response>;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
  /** Client names and reasons only: never a key, a token or a code. */
  log: { info(message: string): void; warn(message: string): void };
}

/** What a valid access token stands for. */
export type AccessTokenCheck =
  /** expiresAt: seconds since the epoch */
  { ok: true; v0Key: string; clientId: string; expiresAt: number } | { ok: false; reason: string };

export interface AuthorizationServer {
  /**
   * Answers the authorization server's and the resource's endpoints (the well-known metadata,
   * `/authorize` GET and POST, `/token`, `/register`, `/revoke`); undefined for any other path.
   */
  handle(request: Request): Promise<Response | undefined>;
  /**
   * Verifies a bearer access token: the v0 key it stands for, or why it gets a 401. Decrypts it
   * (issuer, audience = resource, expiry) and asks the store whether its login was revoked, once;
   * rejects (throws) only when the store fails, which is a 500, not a 401.
   */
  verifyAccessToken(token: string): Promise<AccessTokenCheck>;
  /**
   * The `WWW-Authenticate` value for a 401 on /mcp: `Bearer resource_metadata="…"`, plus
   * `error="…"` when a token was given (RFC 6750 §3.1: none when the request had no credentials).
   */
  challenge(error?: "invalid_token" | "invalid_request"): string;
  /** The Protected Resource Metadata URL (RFC 9728), for the challenge and for logs. */
  readonly resourceMetadataUrl: string;
}
