import { MIN_SECRET_LENGTH } from "../oauth/types.js";
import { isLoopbackHost } from "../policy/destination.js";
import { ConfigError, type Env, notShown } from "./errors.js";

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 3600;
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 86_400;

/** MCP_HTTP_AUTH=oauth: the server is its own OAuth 2.1 authorization server (src/oauth). */
export interface OAuthAuth {
  kind: "oauth";
  /** MCP_OAUTH_SECRET, split on commas: the first seals new tokens, every one opens them (rotation). */
  secrets: readonly string[];
  /**
   * MCP_PUBLIC_URL as an origin (`https://mcp.example.com`): the issuer, and `${publicUrl}/mcp` is
   * the protected resource. Undefined only on a loopback bind, where it is the address bound.
   */
  publicUrl: string | undefined;
  /** MCP_OAUTH_ACCESS_TOKEN_TTL, seconds: 3600 by default, at most 86400. */
  accessTokenTtlSeconds: number;
}

const GENERATE = "generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"";

/**
 * The oauth mode's settings. `bindHost` is where the node:http server listens (undefined for the
 * Web handler, which cannot know its own address): a loopback bind may leave MCP_PUBLIC_URL unset.
 */
export function parseOAuthAuth(env: Env, bindHost: string | undefined): OAuthAuth {
  return {
    kind: "oauth",
    secrets: parseSecrets(env.MCP_OAUTH_SECRET),
    publicUrl: parsePublicUrl(env.MCP_PUBLIC_URL, bindHost),
    accessTokenTtlSeconds: parseTtl(env.MCP_OAUTH_ACCESS_TOKEN_TTL),
  };
}

function parseSecrets(raw: string | undefined): string[] {
  if (!raw?.trim()) {
    throw new ConfigError(
      `MCP_HTTP_AUTH=oauth needs MCP_OAUTH_SECRET, at least ${MIN_SECRET_LENGTH} random characters, to encrypt and sign its tokens: ${GENERATE}`,
    );
  }
  const secrets = raw.split(",").map((secret) => secret.trim());
  secrets.forEach((secret, index) => {
    const which = secrets.length > 1 ? `MCP_OAUTH_SECRET entry ${index + 1} of ${secrets.length}` : "MCP_OAUTH_SECRET";
    if (secret.length < MIN_SECRET_LENGTH || !/^[\x21-\x7e]+$/.test(secret)) {
      throw new ConfigError(
        `${which} must be at least ${MIN_SECRET_LENGTH} printable characters without spaces ${notShown(secret)}: ${GENERATE}`,
      );
    }
  });
  if (new Set(secrets).size !== secrets.length) {
    throw new ConfigError("MCP_OAUTH_SECRET lists the same secret twice: list each once, the newest first");
  }
  return secrets;
}

function parsePublicUrl(raw: string | undefined, bindHost: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) {
    if (bindHost !== undefined && isLoopbackHost(bindHost)) return undefined;
    throw new ConfigError(
      bindHost === undefined
        ? "MCP_HTTP_AUTH=oauth needs MCP_PUBLIC_URL, the origin clients reach this server at (e.g. https://mcp.example.com): it is the OAuth issuer, and tokens are issued for <MCP_PUBLIC_URL>/mcp"
        : "MCP_HTTP_AUTH=oauth on a non-loopback address needs MCP_PUBLIC_URL, the origin clients reach this server at (e.g. https://mcp.example.com): it is the OAuth issuer, and tokens are issued for <MCP_PUBLIC_URL>/mcp",
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`MCP_PUBLIC_URL must be an absolute URL such as https://mcp.example.com ${notShown(value)}`);
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) {
    throw new ConfigError(
      "MCP_PUBLIC_URL must be an origin only, such as https://mcp.example.com: no path, query or credentials (MCP is served at its /mcp)",
    );
  }
  if (url.protocol === "https:") return url.origin;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return url.origin;
  throw new ConfigError(
    "MCP_PUBLIC_URL must be https (OAuth 2.1 allows plain http only for a loopback address such as http://127.0.0.1:8787)",
  );
}

function parseTtl(raw: string | undefined): number {
  const value = raw?.trim();
  if (!value) return DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  if (!/^\d+$/.test(value) || Number(value) < 60 || Number(value) > MAX_ACCESS_TOKEN_TTL_SECONDS) {
    throw new ConfigError(
      `MCP_OAUTH_ACCESS_TOKEN_TTL must be a whole number of seconds from 60 to ${MAX_ACCESS_TOKEN_TTL_SECONDS} (the default is ${DEFAULT_ACCESS_TOKEN_TTL_SECONDS}) ${notShown(value)}`,
    );
  }
  return Number(value);
}
