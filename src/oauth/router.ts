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
      return Object.hasOwn(endpoints, path) ? endpoints[path]?.(request) : undefined;
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
