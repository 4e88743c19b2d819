import {
  type AuthorizationRequest,
  checkAuthorizationRequest,
  redirectBack,
  redirectResponse,
} from "./authorize-request.js";
import { consentPage, errorPage } from "./consent-page.js";
import { type Context, clientLabel } from "./context.js";
import { readCookie, readForm, sameString, single } from "./http.js";
import { PATHS } from "./metadata.js";
import { describeRedirect, redirectCspSource } from "./redirect-uris.js";
import { randomId } from "./sealed.js";

/** How long the consent form may stay open. */
const CONSENT_TTL_SECONDS = 15 * 60;
/** Keys v0 may refuse on one consent page before the person must start again from the app. */
export const MAX_KEY_TRIES = 5;
/** Longer than any v0 key; anything longer is not worth asking v0 about. */
const MAX_KEY_LENGTH = 512;

/** `GET /authorize`: the checks, then the consent page with its CSRF cookie. */
export async function showConsent(request: Request, context: Context): Promise<Response> {
  const checked = await checkAuthorizationRequest(new URL(request.url).searchParams, context);
  if (checked.kind === "page") return checked.response;
  if (checked.kind === "redirect") {
    const { redirectUri, error, description, state } = checked;
    const params = { error, error_description: description, state };
    return redirectResponse(redirectBack(redirectUri, params, context.settings.issuer), 302);
  }
  const csrf = randomId();
  const cookie = randomId(6);
  const sealed = { ...checked.request, csrf, cookie };
  const requestToken = await sealForm(context, sealed, seconds(context) + CONSENT_TTL_SECONDS);
  return render(sealed, requestToken, undefined, setCookie(context, cookie, csrf, CONSENT_TTL_SECONDS));
}

/** The consent form's hidden request, sealed under a new id (jti). */
function sealForm(context: Context, form: Omit<AuthorizationRequest, "jti">, expiresAt: number): Promise<string> {
  return context.sealer.seal("request", { ...form, jti: randomId() }, { expiresAt });
}

/**
 * `POST /authorize`: the person's answer. The sealed request must open and match the cookie
 * (CSRF); "deny" goes back with access_denied; "allow" checks the key with v0 once, and only a key
 * v0 takes gets a code. Each form is used up by the key it sends to v0 (recorded in the store), so
 * a form that got a code cannot get another, and sending one form many times asks v0 once. A
 * refused key shows a new form with v0's reason, and no code, up to MAX_KEY_TRIES refusals.
 */
export async function answerConsent(request: Request, context: Context): Promise<Response> {
  const read = await readForm(request);
  if (!read.ok) return errorPage("This form cannot be read", read.description, read.status);
  const { form } = read;
  const token = single(form, "request");
  const opened =
    token === undefined || token === "repeated"
      ? undefined
      : await context.sealer.open<AuthorizationRequest>("request", token);
  if (!opened?.ok || token === undefined || typeof opened.claims.jti !== "string") {
    return errorPage("This page has expired", "The sign-in form is too old, or was changed. Nothing was shared.");
  }
  const sealed = opened.claims;
  const cookieValue = readCookie(request, cookieName(context, sealed.cookie));
  if (cookieValue === undefined || !sameString(cookieValue, sealed.csrf)) {
    context.deps.log.warn(`authorize: a consent form without its cookie, for ${clientLabel(sealed.cname)}`);
    return errorPage(
      "This form could not be verified",
      "The form did not come with the cookie this page set (cookies blocked, or the form was sent from elsewhere). Nothing was shared.",
      403,
    );
  }
  const clear = setCookie(context, sealed.cookie, "", 0);
  const action = single(form, "action");
  if (action === "deny") {
    context.deps.log.info(`authorize: the person denied ${clientLabel(sealed.cname)}`);
    const params = { error: "access_denied", error_description: "the person denied access", state: sealed.state };
    return redirectResponse(redirectBack(sealed.redirect_uri, params, context.settings.issuer), 303, clear);
  }
  if (action !== "allow") return errorPage("This form cannot be read", "It has no answer (Allow or Deny).");

  const given = single(form, "v0_key");
  const key = given === "repeated" ? undefined : given?.trim();
  if (key === undefined || key === "") return render(sealed, token, "Paste your v0 API key to allow.");
  if (key.length > MAX_KEY_LENGTH || /[\s\u0000-\u001f\u007f]/.test(key)) {
    return render(sealed, token, "That does not look like a v0 API key (it has spaces or is too long).");
  }
  // This form is used up now, whatever v0 says: a second submit (a replay, or many at once) gets
  // no second code and no second question to v0.
  if (!(await context.deps.store.useCode(`consent:${sealed.jti}`, CONSENT_TTL_SECONDS))) {
    context.deps.log.warn(
      `authorize: a consent form sent again after its key was checked, for ${clientLabel(sealed.cname)}`,
    );
    return errorPage(
      "This sign-in page was already used",
      "This sign-in page was already used; start again from your app. Nothing more was shared.",
    );
  }
  const tries = sealed.tries ?? 0;
  const again = async (problem: string, refused: number) =>
    render(
      sealed,
      await sealForm(context, { ...sealed, tries: refused }, sealed.exp ?? seconds(context) + CONSENT_TTL_SECONDS),
      problem,
    );
  let verdict: Awaited<ReturnType<typeof context.deps.checkV0Key>>;
  try {
    verdict = await context.deps.checkV0Key(key, request.signal);
  } catch {
    context.deps.log.warn(`authorize: could not check a key with v0, for ${clientLabel(sealed.cname)}`);
    return again("v0 could not be reached to check the key. Try again in a moment.", tries);
  }
  if (!verdict.ok) {
    const reason = verdict.reason.split(key).join("[redacted]").slice(0, 300);
    context.deps.log.info(`authorize: v0 refused the key given for ${clientLabel(sealed.cname)}: ${reason}`);
    const status = verdict.status === undefined ? "" : ` (HTTP ${verdict.status})`;
    const refusal = `v0 did not accept this key${status}: ${reason}`;
    if (tries + 1 >= MAX_KEY_TRIES) {
      return errorPage(
        "Too many keys were tried",
        `${refusal} That was the ${MAX_KEY_TRIES}th key v0 refused on this sign-in page; start again from your app. Nothing was shared.`,
      );
    }
    return again(refusal, tries + 1);
  }

  const code = await context.tokens.mintCode({
    client_id: sealed.client_id,
    ...(sealed.cname === undefined ? {} : { cname: sealed.cname }),
    redirect_uri: sealed.redirect_uri,
    redirect_given: sealed.redirect_given,
    code_challenge: sealed.code_challenge,
    key,
  });
  context.deps.log.info(`authorize: the person allowed ${clientLabel(sealed.cname)}`);
  const location = redirectBack(sealed.redirect_uri, { code, state: sealed.state }, context.settings.issuer);
  return redirectResponse(location, 303, clear);
}

function render(
  sealed: Omit<AuthorizationRequest, "jti">,
  requestToken: string,
  problem: string | undefined,
  cookie?: string,
): Response {
  return consentPage({
    clientName: sealed.cname,
    clientDocumentHost: sealed.cdoc,
    redirectTarget: describeRedirect(sealed.redirect_uri),
    redirectSource: redirectCspSource(sealed.redirect_uri),
    action: PATHS.authorize,
    request: requestToken,
    ...(problem === undefined ? {} : { problem }),
    ...(cookie === undefined ? {} : { setCookie: cookie }),
  });
}

/** `__Host-` (https only, Path=/, no Domain) when the issuer is https, so no subdomain can set it. */
function cookieName(context: Context, suffix: string): string {
  return `${context.secure ? "__Host-" : ""}v0mcp-consent-${suffix}`;
}

function setCookie(context: Context, suffix: string, value: string, maxAge: number): string {
  const secure = context.secure ? "; Secure" : "";
  return `${cookieName(context, suffix)}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
}

function seconds(context: Context): number {
  return Math.floor(context.now() / 1000);
}
