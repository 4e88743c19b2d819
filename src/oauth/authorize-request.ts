import type { Client } from "./client-metadata.js";
import { errorPage } from "./consent-page.js";
import type { Context } from "./context.js";
import { single } from "./http.js";
import { isLoopbackRedirect, matchRedirectUri } from "./redirect-uris.js";
import { CHALLENGE_PATTERN, isOurResource } from "./tokens.js";

/** A `state` longer than this is refused: it comes back in a URL. */
const MAX_STATE_LENGTH = 2048;

/**
 * An authorization request that passed every check, sealed into the consent form (so the POST
 * needs no second look at the query) together with the CSRF nonce that is also in the cookie.
 */
export interface AuthorizationRequest {
  client_id: string;
  cname?: string;
  /** The host serving the client's metadata document (CIMD clients). */
  cdoc?: string;
  redirect_uri: string;
  redirect_given: boolean;
  code_challenge: string;
  state?: string;
  /** The CSRF nonce: the cookie must hold the same. */
  csrf: string;
  /** The cookie's name suffix, so two consent pages open at once do not overwrite each other. */
  cookie: string;
  /** This form's id: each form may have one key checked with v0 (the store records it as used). */
  jti: string;
  /** How many keys v0 refused before this form was shown (a refused key shows a new form). */
  tries?: number;
}

export type Checked =
  | { kind: "ok"; request: Omit<AuthorizationRequest, "csrf" | "cookie" | "jti" | "tries">; client: Client }
  /** Nothing can be trusted enough to redirect to: answer this page. */
  | { kind: "page"; response: Response }
  /** The redirect URI is good: tell the client there. */
  | { kind: "redirect"; redirectUri: string; error: string; description: string; state: string | undefined };

/**
 * Checks the query of `GET /authorize` in the order RFC 6749 §4.1.2.1 sets: first the client and
 * its redirect URI (a problem with either is an error page: never a redirect to an unchecked
 * place), then the rest (a problem is sent back to the client's redirect URI).
 */
export async function checkAuthorizationRequest(query: URLSearchParams, context: Context): Promise<Checked> {
  const page = (message: string): Checked => ({
    kind: "page",
    response: errorPage("This app cannot connect", message),
  });
  const clientId = single(query, "client_id");
  if (clientId === undefined || clientId === "repeated") return page("The request names no client (client_id).");
  const found = await context.clients.resolve(clientId);
  if (!found.ok) {
    context.deps.log.warn(`authorize: refused a client: ${found.detail ?? found.reason}`);
    return page(`The app is not known to this server: ${found.reason}.`);
  }
  const { client } = found;

  const given = single(query, "redirect_uri");
  if (given === "repeated") return page("The request repeats redirect_uri.");
  let redirectUri: string;
  if (given === undefined) {
    const [only] = client.redirectUris;
    if (client.redirectUris.length !== 1 || only === undefined || isLoopbackRedirect(only)) {
      return page("The request has no redirect_uri, and the app registered more than one, or a loopback one.");
    }
    redirectUri = only;
  } else if (matchRedirectUri(client.redirectUris, given)) {
    redirectUri = given;
  } else {
    return page("The redirect URI in the request is not one the app registered.");
  }

  const state = single(query, "state");
  // A state that is not one a client would send is not echoed back to it (RFC 6749: 1*VSCHAR).
  const stateProblem =
    state === "repeated"
      ? "state is repeated"
      : state !== undefined && state.length > MAX_STATE_LENGTH
        ? "state is too long"
        : state !== undefined && !/^[\x20-\x7e]*$/.test(state)
          ? "state has characters other than printable ASCII"
          : undefined;
  const back = (error: string, description: string): Checked => ({
    kind: "redirect",
    redirectUri,
    error,
    description,
    state: stateProblem === undefined ? state : undefined,
  });
  if (stateProblem) return back("invalid_request", stateProblem);
  const responseType = single(query, "response_type");
  if (responseType !== "code") return back("unsupported_response_type", "only response_type=code is supported");
  const challenge = single(query, "code_challenge");
  const method = single(query, "code_challenge_method");
  if (challenge === undefined || challenge === "repeated" || method !== "S256") {
    return back("invalid_request", "PKCE is required: code_challenge with code_challenge_method=S256");
  }
  if (!CHALLENGE_PATTERN.test(challenge)) return back("invalid_request", "code_challenge is not an S256 challenge");
  const resources = query.getAll("resource");
  if (resources.length > 1 || (resources[0] !== undefined && !isOurResource(resources[0], context.settings))) {
    return back("invalid_target", `this server issues tokens for ${context.settings.resource} only`);
  }

  return {
    kind: "ok",
    client,
    request: {
      client_id: client.clientId,
      ...(client.name === undefined ? {} : { cname: client.name }),
      ...(client.kind === "metadata-document" ? { cdoc: new URL(client.clientId).host } : {}),
      redirect_uri: redirectUri,
      redirect_given: given !== undefined,
      code_challenge: challenge,
      ...(state === undefined ? {} : { state }),
    },
  };
}

/**
 * The authorization response (RFC 6749 §4.1.2, RFC 9207): `params` and `iss` added to the redirect
 * URI's own query, which is kept as it was written (a private-use scheme's URI is not rewritten).
 */
export function redirectBack(redirectUri: string, params: Record<string, string | undefined>, issuer: string): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value);
  query.set("iss", issuer);
  return `${redirectUri}${redirectUri.includes("?") ? "&" : "?"}${query}`;
}

/** A redirect that is never cached and leaks no referrer. */
export function redirectResponse(location: string, status: 302 | 303, setCookie?: string): Response {
  const headers = new Headers({ location, "cache-control": "no-store", "referrer-policy": "no-referrer" });
  if (setCookie) headers.append("set-cookie", setCookie);
  return new Response(null, { status, headers });
}
