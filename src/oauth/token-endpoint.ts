import { type Context, clientLabel } from "./context.js";
import { jsonAnswer, oauthError, readForm, single } from "./http.js";
import { rotate } from "./rotation.js";
import { CODE_TTL_SECONDS, isOurResource, pkceMatches, REFRESH_TTL_SECONDS, VERIFIER_PATTERN } from "./tokens.js";

/**
 * `POST /token` (RFC 6749 §3.2, OAuth 2.1): the authorization_code grant with PKCE S256 and the
 * refresh_token grant with rotation. Public clients only: the client_id comes in the body (or as
 * the user part of HTTP Basic, whose password is ignored) and proves nothing by itself; PKCE and
 * the tokens' own binding to it do. Answers are JSON with `Cache-Control: no-store` (§5.1), errors
 * as §5.2 says.
 */
export async function tokenEndpoint(request: Request, context: Context): Promise<Response> {
  const read = await readForm(request);
  if (!read.ok) return oauthError("invalid_request", read.description, read.status);
  const { form } = read;

  const clientId = clientIdOf(request, form);
  if (clientId === "conflict") return oauthError("invalid_request", "client_id differs between the body and Basic");
  if (clientId === undefined) return oauthError("invalid_client", "client_id is required (public clients send it)");
  const resource = single(form, "resource");
  if (resource === "repeated" || (resource !== undefined && !isOurResource(resource, context.settings))) {
    return oauthError("invalid_target", `this server issues tokens for ${context.settings.resource} only`);
  }
  const grantType = single(form, "grant_type");
  if (grantType === "authorization_code") return exchangeCode(form, clientId, context);
  if (grantType === "refresh_token") return refresh(form, clientId, context);
  if (grantType === undefined || grantType === "repeated")
    return oauthError("invalid_request", "grant_type is required");
  return oauthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
}

async function exchangeCode(form: URLSearchParams, clientId: string, context: Context): Promise<Response> {
  const code = single(form, "code");
  const verifier = single(form, "code_verifier");
  const redirectUri = single(form, "redirect_uri");
  if (code === undefined || code === "repeated") return oauthError("invalid_request", "code is required");
  if (verifier === undefined || verifier === "repeated") {
    return oauthError("invalid_request", "code_verifier is required (PKCE)");
  }
  if (redirectUri === "repeated") return oauthError("invalid_request", "redirect_uri is repeated");
  if (!VERIFIER_PATTERN.test(verifier)) return oauthError("invalid_request", "code_verifier is not 43-128 characters");

  const opened = await context.tokens.openCode(code);
  if (!opened.ok) {
    context.deps.log.info(`token: refused a code: ${opened.reason}`);
    return oauthError("invalid_grant", `the code is not valid (${opened.reason})`);
  }
  const claims = opened.claims;
  if (claims.client_id !== clientId) return oauthError("invalid_grant", "the code was issued to another client");
  if (redirectUri !== claims.redirect_uri && (claims.redirect_given || redirectUri !== undefined)) {
    return oauthError("invalid_grant", "redirect_uri is not the one the authorization request used");
  }
  if (!(await pkceMatches(verifier, claims.code_challenge))) {
    return oauthError("invalid_grant", "code_verifier does not match the code_challenge");
  }
  // Checked last, so that a request that fails the checks above cannot spend someone else's code.
  if (!(await context.deps.store.useCode(claims.jti, CODE_TTL_SECONDS * 2))) {
    // A code used twice was intercepted or replayed: revoke what the first use got (its family).
    await context.deps.store.putFamily(claims.jti, { generation: 1, revoked: true }, REFRESH_TTL_SECONDS);
    context.deps.log.warn(`token: a code was used twice by ${clientLabel(claims.cname)}; its tokens are revoked`);
    return oauthError("invalid_grant", "the code was already used");
  }
  await context.deps.store.putFamily(claims.jti, { generation: 1, revoked: false }, REFRESH_TTL_SECONDS);
  const grant = { clientId, clientName: claims.cname, v0Key: claims.key, family: claims.jti };
  context.deps.log.info(`token: issued tokens to ${clientLabel(claims.cname)}`);
  return jsonAnswer(await context.tokens.mintTokens(grant, 1));
}

async function refresh(form: URLSearchParams, clientId: string, context: Context): Promise<Response> {
  const token = single(form, "refresh_token");
  if (token === undefined || token === "repeated") return oauthError("invalid_request", "refresh_token is required");
  const opened = await context.tokens.openRefresh(token);
  if (!opened.ok) {
    context.deps.log.info(`token: refused a refresh token: ${opened.reason}`);
    return oauthError("invalid_grant", `the refresh token is not valid (${opened.reason})`);
  }
  const claims = opened.claims;
  if (claims.client_id !== clientId)
    return oauthError("invalid_grant", "the refresh token was issued to another client");

  const { store } = context.deps;
  const family = await store.getFamily(claims.fam);
  const rotation = rotate(family, { generation: claims.gen, jti: claims.jti });
  if (!rotation.ok) {
    if (rotation.revoke) {
      const generation = family?.generation ?? claims.gen;
      await store.putFamily(claims.fam, { generation, revoked: true }, REFRESH_TTL_SECONDS);
      context.deps.log.warn(`token: ${rotation.reason} (${clientLabel(claims.cname)})`);
    }
    return oauthError("invalid_grant", rotation.reason);
  }
  await store.putFamily(claims.fam, rotation.family, REFRESH_TTL_SECONDS);
  const grant = { clientId, clientName: claims.cname, v0Key: claims.key, family: claims.fam };
  return jsonAnswer(await context.tokens.mintTokens(grant, rotation.issue));
}

/** The client_id from the body, or the user part of HTTP Basic (RFC 6749 §2.3.1); "conflict" if they differ. */
function clientIdOf(request: Request, form: URLSearchParams): string | undefined | "conflict" {
  const fromBody = single(form, "client_id");
  if (fromBody === "repeated") return "conflict";
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  let fromBasic: string | undefined;
  if (basic !== undefined) {
    try {
      const user = atob(basic).split(":")[0] ?? "";
      fromBasic = decodeURIComponent(user.replace(/\+/g, " ")) || undefined;
    } catch {
      return "conflict";
    }
  }
  if (fromBody !== undefined && fromBasic !== undefined && fromBody !== fromBasic) return "conflict";
  return fromBody ?? fromBasic;
}
