import { base64url, EncryptJWT, errors, type JWTPayload, jwtDecrypt } from "jose";

/**
 * Everything this authorization server hands out is a sealed JWT: JWE compact serialization, `dir`
 * key management with A256GCM content encryption (jose), so it is both secret and tamper-evident
 * and no database holds it. Each kind has its own key, derived by HKDF-SHA-256 (crypto.subtle) from
 * each configured secret, and its own `typ`, so one kind never opens as another: a refresh token is
 * not an access token, a client id is not a code.
 *
 * Rotation: the first secret seals; every secret opens. The protected header's `kid` (derived from
 * the secret, revealing nothing about it) names the secret that sealed a token.
 */
export type SealedKind = "client" | "request" | "code" | "access" | "refresh";

const TYP: Record<SealedKind, string> = {
  client: "client-id+jwt",
  request: "authz-request+jwt",
  code: "authz-code+jwt",
  access: "at+jwt",
  refresh: "rt+jwt",
};

const SALT = new TextEncoder().encode("v0-webhooks-mcp oauth 1");
/** A sealed token longer than this is not one of ours (the largest, a client id, stays under 8 KiB). */
const MAX_SEALED_LENGTH = 12_000;

export type Opened<T> = { ok: true; claims: T & JWTPayload } | { ok: false; reason: string };

export interface SealOptions {
  /** Seconds since the epoch; omitted for kinds that do not expire (client ids). */
  expiresAt?: number;
  audience?: string;
}

export interface Sealer {
  seal(kind: SealedKind, claims: JWTPayload, options: SealOptions): Promise<string>;
  open<T>(
    kind: SealedKind,
    token: string,
    options?: { audience?: string; requireExpiry?: boolean },
  ): Promise<Opened<T>>;
}

interface SecretKeys {
  kid: string;
  keys: Record<SealedKind, Uint8Array>;
}

export function createSealer(secrets: readonly string[], issuer: string, now: () => number): Sealer {
  if (secrets.length === 0) throw new Error("oauth: at least one secret is required");
  let derived: Promise<SecretKeys[]> | undefined;
  const all = () => {
    derived ??= Promise.all(secrets.map(deriveKeys));
    return derived;
  };

  return {
    async seal(kind, claims, options) {
      const [current] = await all();
      if (!current) throw new Error("oauth: no secret");
      const jwt = new EncryptJWT(claims)
        .setProtectedHeader({ alg: "dir", enc: "A256GCM", typ: TYP[kind], kid: current.kid })
        .setIssuer(issuer)
        .setIssuedAt(Math.floor(now() / 1000));
      if (options.expiresAt !== undefined) jwt.setExpirationTime(options.expiresAt);
      if (options.audience !== undefined) jwt.setAudience(options.audience);
      return jwt.encrypt(current.keys[kind]);
    },

    async open<T>(
      kind: SealedKind,
      token: string,
      options: { audience?: string; requireExpiry?: boolean } = {},
    ): Promise<Opened<T>> {
      if (token.length > MAX_SEALED_LENGTH || token.split(".").length !== 5) {
        return { ok: false, reason: "not a token this server issued" };
      }
      const keys = await all();
      try {
        const { payload } = await jwtDecrypt(
          token,
          (header) => {
            const found = keys.find((entry) => entry.kid === header.kid);
            if (!found) throw new UnknownKey();
            return found.keys[kind];
          },
          {
            issuer,
            typ: TYP[kind],
            currentDate: new Date(now()),
            keyManagementAlgorithms: ["dir"],
            contentEncryptionAlgorithms: ["A256GCM"],
            ...(options.audience === undefined ? {} : { audience: options.audience }),
            ...(options.requireExpiry === false ? {} : { requiredClaims: ["exp"] }),
          },
        );
        return { ok: true, claims: payload as T & JWTPayload };
      } catch (error) {
        return { ok: false, reason: describe(error) };
      }
    },
  };
}

class UnknownKey extends Error {}

/** Why a sealed token did not open, in words fit for a log line (never the token). */
function describe(error: unknown): string {
  if (error instanceof UnknownKey) return "sealed with a secret that is not configured (rotated out?)";
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "issued for another resource";
    if (error.claim === "iss") return "issued by another server";
    return `its ${error.claim} claim is not valid`;
  }
  if (error instanceof errors.JWEDecryptionFailed) return "could not be decrypted (tampered with, or another kind)";
  if (error instanceof errors.JOSEError) return "not a token this server issued";
  throw error;
}

async function deriveKeys(secret: string): Promise<SecretKeys> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, [
    "deriveBits",
  ]);
  const derive = async (info: string, bits: number) =>
    new Uint8Array(
      await crypto.subtle.deriveBits(
        { name: "HKDF", hash: "SHA-256", salt: SALT, info: new TextEncoder().encode(info) },
        material,
        bits,
      ),
    );
  const kinds = Object.keys(TYP) as SealedKind[];
  const keys = Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, await derive(kind, 256)])));
  return { kid: base64url.encode(await derive("kid", 72)), keys: keys as Record<SealedKind, Uint8Array> };
}

/** A random identifier (jti, family, nonce), 128 bits, base64url. */
export function randomId(bytes = 16): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));
}
