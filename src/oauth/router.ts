import { answerConsent, showConsent } from "./authorize.js";
import { createContext } from "./context.js";
import { methodNotAllowed, preflight } from "./http.js";
import {
  checkMetadataSettings,
  metadataOptions,
  metadataResponse,
  PATHS,
  protectedResourceMetadataUrl,
} from "./metadata.js";
import { registerEndpoint } from "./register.js";
import { revokeEndpoint } from "./revoke.js";
import { tokenEndpoint } from "./token-endpoint.js";
import type { AuthorizationServer, OAuthDeps, OAuthSettings } from "./types.js";

/**
 * The OAuth 2.1 authorization server of hosted mode (MCP_HTTP_AUTH=oauth): a person pastes their
 * v0 API key once on the consent page, and the client gets tokens that stand for it (encrypted:
 * the client never sees the key). Runtime-neutral: Web APIs and jose only, so it runs wherever the
 * fetch handler does. Throws at creation on settings it cannot work with.
 *
 * Of the SDK's resource-server helpers, the metadata ones serve discovery (metadata.ts). The
 * bearer gate (`requireBearerAuth`/`verifyBearerToken`) is not used here: it puts
 * `error="invalid_token"` in the challenge even when no credentials were sent (RFC 6750 §3.1 says
 * not to), and answers with an OAuth JSON body where the HTTP handler answers JSON-RPC errors; and
 * `verifyAccessToken` already checks the audience, issuer and expiry itself. The HTTP handler can
 * still wrap `verifyAccessToken` in an `OAuthTokenVerifier` if it prefers the SDK's gate.
 */
export function createAuthorizationServer(settings: OAuthSettings, deps: OAuthDeps): AuthorizationServer {
  const context = createContext(settings, deps);
  const options = metadataOptions(settings);
  checkMetadataSettings(options);
  const resourceMetadataUrl = protectedResourceMetadataUrl(settings);

  const endpoints: Record<string, (request: Request) => Promise<Response>> = {
    [PATHS.authorize]: async (request) => {
      if (request.method === "GET") return showConsent(request, context);
      if (request.method === "POST") return answerConsent(request, context);
      return methodNotAllowed("GET, POST");
    },
    [PATHS.token]: publicEndpoint((request) => tokenEndpoint(request, context)),
    [PATHS.register]: publicEndpoint((request) => registerEndpoint(request, context)),
    [PATHS.revoke]: publicEndpoint((request) => revokeEndpoint(request, context)),
  };

  return {
    resourceMetadataUrl,

    async handle(request) {
      const path = new URL(request.url).pathname;
      if (path.startsWith("/.well-known/")) return metadataResponse(request, options);
      const endpoint = Object.hasOwn(endpoints, path) ? endpoints[path] : undefined;
      if (!endpoint) return undefined;
      try {
        return await endpoint(request);
      } catch (error) {
        // The name only: a message could carry what a client sent.
        deps.log.warn(`oauth: ${request.method} ${path} failed (${error instanceof Error ? error.name : "error"})`);
        return Response.json(
          { error: "server_error", error_description: "the authorization server failed; try again" },
          { status: 500, headers: { "cache-control": "no-store" } },
        );
      }
    },

    async verifyAccessToken(token) {
      const opened = await context.tokens.openAccess(token);
      if (!opened.ok) return { ok: false, reason: opened.reason };
      const { claims } = opened;
      const family = await deps.store.getFamily(claims.fam);
      if (family?.revoked) return { ok: false, reason: "this login was revoked" };
      return { ok: true, v0Key: claims.key, clientId: claims.client_id, expiresAt: claims.exp ?? 0 };
    },

    challenge(error) {
      const parts = [`resource_metadata="${resourceMetadataUrl}"`];
      if (error) parts.push(`error="${error}"`);
      return `Bearer ${parts.join(", ")}`;
    },
  };
}

/** A POST endpoint clients may call from a browser (CORS preflight answered). */
function publicEndpoint(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    if (request.method === "OPTIONS") return preflight("POST, OPTIONS");
    if (request.method !== "POST") return methodNotAllowed("POST");
    return handler(request);
  };
}
