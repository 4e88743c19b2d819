import { base64url } from "jose";
import { randomId, type Sealer } from "./sealed.js";
import type { OAuthSettings } from "./types.js";

/** An authorization code lives this long (the MCP spec and OAuth 2.1 ask for short-lived codes). */
export const CODE_TTL_SECONDS = 60;
/** A refresh token lives this long from its issue; each rotation issues a new one for as long. */
export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Claims each kind carries. Every kind also has `iss` (the issuer), `iat`, and, but for client ids,
 * `exp`; codes and tokens have `aud` (the resource). `key` is the person's v0 API key: the reason
 * every one of these is encrypted, not just signed.
 */
export interface CodeClaims {
  jti: string;
  client_id: string;
  /** The client's name as it gave it (for log lines). */
  cname?: string;
  redirect_uri: string;
  /** Whether /authorize was given redirect_uri (then /token must repeat it, RFC 6749 §4.1.3). */
  redirect_given: boolean;
  code_challenge: string;
  key: string;
}

export interface AccessClaims {
  jti: string;
  client_id: string;
  /** The refresh-token family: revoking it stops its access tokens too. */
  fam: string;
  key: string;
}

export interface RefreshClaims {
  jti: string;
  client_id: string;
  cname?: string;
  fam: string;
  /** The generation: 1 from the code, +1 on each rotation. */
  gen: number;
  key: string;
}

/** The grant a token stands for. */
export interface Grant {
  clientId: string;
  clientName: string | undefined;
  v0Key: string;
  family: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
}

export function createTokens(sealer: Sealer, settings: OAuthSettings, now: () => number) {
  const seconds = () => Math.floor(now() / 1000);
  const named = (name: string | undefined) => (name === undefined ? {} : { cname: name });

  return {
    mintCode(claims: Omit<CodeClaims, "jti">): Promise<string> {
      const code: CodeClaims = { ...claims, jti: randomId() };
      return sealer.seal("code", { ...code }, { audience: settings.resource, expiresAt: seconds() + CODE_TTL_SECONDS });
    },

    openCode(code: string) {
      return sealer.open<CodeClaims>("code", code, { audience: settings.resource });
    },

    /** A new access token and the refresh token of generation `generation`. */
    async mintTokens(grant: Grant, generation: number): Promise<TokenResponse> {
      const ttl = settings.accessTokenTtlSeconds;
      const access: AccessClaims = { jti: randomId(), client_id: grant.clientId, fam: grant.family, key: grant.v0Key };
      const refresh: RefreshClaims = {
        jti: randomId(),
        client_id: grant.clientId,
        ...named(grant.clientName),
        fam: grant.family,
        gen: generation,
        key: grant.v0Key,
      };
      const [accessToken, refreshToken] = await Promise.all([
        sealer.seal("access", { ...access }, { audience: settings.resource, expiresAt: seconds() + ttl }),
        sealer.seal(
          "refresh",
          { ...refresh },
          { audience: settings.resource, expiresAt: seconds() + REFRESH_TTL_SECONDS },
        ),
      ]);
      return { access_token: accessToken, token_type: "Bearer", expires_in: ttl, refresh_token: refreshToken };
    },

    openAccess(token: string) {
      return sealer.open<AccessClaims>("access", token, { audience: settings.resource });
    },

    openRefresh(token: string) {
      return sealer.open<RefreshClaims>("refresh", token, { audience: settings.resource });
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;

/** Whether `given` names the protected resource (RFC 8707): exactly, or but for one trailing slash. */
export function isOurResource(given: string, settings: OAuthSettings): boolean {
  return given === settings.resource || given === `${settings.resource}/`;
}

/** PKCE S256 (RFC 7636 §4.6): BASE64URL(SHA-256(verifier)) equals the challenge. */
export async function pkceMatches(verifier: string, challenge: string): Promise<boolean> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest)) === challenge;
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
export const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is a base64url SHA-256 digest: 43 characters. */
export const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
