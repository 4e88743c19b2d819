import { escapeUnsafe } from "../text/inert.js";
import { createClientDocumentFetcher } from "./client-document.js";
import { type ClientRegistry, createClientRegistry } from "./clients.js";
import { createSealer, type Sealer } from "./sealed.js";
import { createTokens, type Tokens } from "./tokens.js";
import { MIN_SECRET_LENGTH, type OAuthDeps, type OAuthSettings } from "./types.js";

/** What every endpoint works with: the settings, the dependencies, and what is built from them once. */
export interface Context {
  settings: OAuthSettings;
  deps: OAuthDeps;
  now: () => number;
  sealer: Sealer;
  tokens: Tokens;
  clients: ClientRegistry;
  /** Whether the issuer is https: then cookies are `__Host-` and `Secure`. */
  secure: boolean;
}

export function createContext(settings: OAuthSettings, deps: OAuthDeps): Context {
  if (settings.secrets.length === 0 || settings.secrets.some((secret) => secret.length < MIN_SECRET_LENGTH)) {
    throw new Error(`oauth: every secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const issuer = new URL(settings.issuer);
  if (issuer.origin !== settings.issuer)
    throw new Error("oauth: the issuer must be an origin, without a trailing slash");
  const now = deps.now ?? Date.now;
  const sealer = createSealer(settings.secrets, settings.issuer, now);
  return {
    settings,
    deps,
    now,
    sealer,
    tokens: createTokens(sealer, settings, now),
    clients: createClientRegistry(sealer, createClientDocumentFetcher({ fetch: deps.fetchClientMetadata, now })),
    secure: issuer.protocol === "https:",
  };
}

/**
 * A client's name for a log line: short, quoted, and inert (controls, bidi, invisible and format
 * characters written as `\u202e`, as in a JSON string), also for a name from a token sealed before
 * registration refused them. Never a key or a token.
 */
export function clientLabel(name: string | undefined): string {
  return name ? escapeUnsafe(JSON.stringify([...name].slice(0, 60).join(""))) : "(unnamed client)";
}
