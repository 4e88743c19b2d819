import {
  type AuthMetadataOptions,
  buildOAuthProtectedResourceMetadata,
  getOAuthProtectedResourceMetadataUrl,
  type OAuthMetadata,
  oauthMetadataResponse,
} from "@modelcontextprotocol/server";
import { isLoopbackHost } from "../policy/destination.js";
import type { OAuthSettings } from "./types.js";

export const PATHS = {
  authorize: "/authorize",
  token: "/token",
  register: "/register",
  revoke: "/revoke",
} as const;

const RESOURCE_NAME = "v0 webhooks (MCP)";
const ROOT_PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";

/**
 * Authorization Server Metadata (RFC 8414) as the MCP authorization spec asks: PKCE with S256 only,
 * public clients (`none`), both registration ways (DCR and Client ID Metadata Documents), and the
 * `iss` parameter on the authorization response (RFC 9207). No scopes: a token stands for the whole
 * v0 key, which is all v0 knows.
 */
export function authorizationServerMetadata(settings: OAuthSettings): OAuthMetadata {
  const at = (path: string) => `${settings.issuer}${path}`;
  return {
    issuer: settings.issuer,
    authorization_endpoint: at(PATHS.authorize),
    token_endpoint: at(PATHS.token),
    registration_endpoint: at(PATHS.register),
    revocation_endpoint: at(PATHS.revoke),
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["none"],
    revocation_endpoint_auth_methods_supported: ["none"],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  };
}

/** The SDK's options for its metadata helpers, from the settings. */
export function metadataOptions(settings: OAuthSettings): AuthMetadataOptions {
  return {
    oauthMetadata: authorizationServerMetadata(settings),
    resourceServerUrl: new URL(settings.resource),
    resourceName: RESOURCE_NAME,
    // The SDK allows plain http for `localhost` and `127.0.0.1` only; a server on [::1] is as local.
    dangerouslyAllowInsecureIssuerUrl: isLoopbackHost(new URL(settings.issuer).hostname),
  };
}

export function protectedResourceMetadataUrl(settings: OAuthSettings): string {
  return getOAuthProtectedResourceMetadataUrl(new URL(settings.resource));
}

/**
 * The discovery documents: Protected Resource Metadata (RFC 9728) at its path-aware URL
 * (`/.well-known/oauth-protected-resource/mcp`) and at the root form some clients try first, and
 * the Authorization Server Metadata. The SDK's `oauthMetadataResponse` answers them (JSON, CORS,
 * HEAD, 405); the root form is answered by asking it for the path-aware one, and the resource
 * document gets `bearer_methods_supported`, which the SDK's builder leaves out. Undefined for any
 * other path. `/.well-known/openid-configuration` is not served: this is not an OpenID provider
 * (no ID tokens, no JWKS), and clients try the RFC 8414 document first.
 */
export function metadataResponse(request: Request, options: AuthMetadataOptions): Response | undefined {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/$/, "");
  const resourcePath = new URL(getOAuthProtectedResourceMetadataUrl(options.resourceServerUrl)).pathname;
  const isResourceDocument = path === resourcePath || path === ROOT_PROTECTED_RESOURCE;
  const asked = isResourceDocument
    ? new Request(new URL(resourcePath, url), { method: request.method, headers: request.headers })
    : request;
  const answer = oauthMetadataResponse(asked, options);
  if (!answer || !isResourceDocument || request.method !== "GET" || answer.status !== 200) return answer;
  const document = { ...buildOAuthProtectedResourceMetadata(options), bearer_methods_supported: ["header"] };
  return Response.json(document, { headers: answer.headers });
}

/** Fails fast on settings the SDK would refuse (an http issuer that is not local), at start. */
export function checkMetadataSettings(options: AuthMetadataOptions): void {
  buildOAuthProtectedResourceMetadata(options);
}
