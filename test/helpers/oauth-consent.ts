/**
 * Fills the v0-webhooks-mcp consent page as a person would: read the page's one form, type the
 * key into its password field, press Allow (or Deny), with the cookies the page set. Real-client
 * tests (SDK v2's OAuthClientProvider, the Python SDK, the conformance suite) use it to complete
 * the authorization step; unit tests use it against `handle()`.
 *
 * Only the page's HTML is read, as a browser would: no knowledge of how the server seals its form.
 */

export type Send = (request: Request) => Promise<Response>;

export interface ConsentForm {
  /** Absolute URL the form posts to. */
  action: string;
  /** Hidden fields, in page order. */
  hidden: [string, string][];
  /** Names of the password fields (the page must have exactly one). */
  passwordFields: string[];
  /** Submit buttons: name and value. */
  buttons: { name: string; value: string; label: string }[];
}

/** The one form of a consent page, with its action resolved against the page URL. */
export function readConsentForm(html: string, pageUrl: string): ConsentForm {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)];
  if (forms.length !== 1) throw new Error(`expected one form on the consent page, found ${forms.length}`);
  const [, formAttributes = "", inner = ""] = forms[0] as RegExpMatchArray;
  const formAttrs = attributes(formAttributes);
  if ((formAttrs.method ?? "get").toLowerCase() !== "post") throw new Error("the consent form does not POST");
  const hidden: [string, string][] = [];
  const passwordFields: string[] = [];
  for (const [, raw = ""] of inner.matchAll(/<input\b([^>]*)>/gi)) {
    const input = attributes(raw);
    const type = (input.type ?? "text").toLowerCase();
    if (type === "hidden" && input.name !== undefined) hidden.push([input.name, input.value ?? ""]);
    if (type === "password" && input.name !== undefined) passwordFields.push(input.name);
  }
  const buttons = [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map(([, raw = "", label = ""]) => {
    const button = attributes(raw);
    return { name: button.name ?? "", value: button.value ?? "", label: decode(label.replace(/<[^>]*>/g, "").trim()) };
  });
  return { action: new URL(formAttrs.action ?? "", pageUrl).href, hidden, passwordFields, buttons };
}

export interface SubmitOptions {
  /** The URL the page was loaded from (the form's action resolves against it). */
  pageUrl: string;
  v0Key: string;
  /** Which button to press: "allow" (the default) or "deny", matched on the button's value. */
  choice?: "allow" | "deny";
  /** How the POST is sent: the server's `handle()`, or `fetch` against a running server. */
  send?: Send;
  /**
   * The Origin header a browser sends with this POST. The page's `Referrer-Policy: no-referrer`
   * makes browsers send `Origin: null` with a form POST (Fetch spec, "append a request Origin
   * header"), so that is the default.
   */
  origin?: string | null;
  /**
   * The Cookie header the browser sends (its cookie jar, e.g. from `CookieJar`). Defaults to the
   * cookies `page` itself set, which is what a browser holds after loading only that page.
   */
  cookie?: string;
}

/** Submits the consent page (the Response of GET /authorize) with the key filled in; the answer. */
export async function submitConsent(page: Response, options: SubmitOptions): Promise<Response> {
  const html = await page.text();
  const form = readConsentForm(html, options.pageUrl);
  if (form.passwordFields.length !== 1) {
    throw new Error(`expected one password field on the consent page, found ${form.passwordFields.length}`);
  }
  const choice = options.choice ?? "allow";
  const button = form.buttons.find((candidate) => candidate.value === choice);
  if (!button) throw new Error(`no ${choice} button on the consent page`);
  const body = new URLSearchParams(form.hidden);
  body.set(form.passwordFields[0] as string, options.v0Key);
  if (button.name) body.set(button.name, button.value);
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded" });
  const cookie = options.cookie ?? cookieHeader(page.headers);
  if (cookie) headers.set("cookie", cookie);
  const origin = options.origin === undefined ? "null" : options.origin;
  if (origin !== null) headers.set("origin", origin);
  const send = options.send ?? ((request: Request) => fetch(request, { redirect: "manual" }));
  return send(new Request(form.action, { method: "POST", headers, body, redirect: "manual" }));
}

/**
 * Opens an authorization URL, fills in the key, presses Allow, and returns the Location the server
 * redirects to (the client's redirect URI with code, state and iss). Throws with the page's text
 * when there is no redirect (a refused key, an error page).
 */
export async function authorizeAsPerson(
  authorizationUrl: string,
  v0Key: string,
  send: Send = (request) => fetch(request, { redirect: "manual" }),
  choice: "allow" | "deny" = "allow",
): Promise<string> {
  const page = await send(new Request(authorizationUrl, { redirect: "manual" }));
  if (page.status !== 200) throw new Error(`the consent page answered ${page.status}: ${await visibleText(page)}`);
  const answer = await submitConsent(page, { pageUrl: authorizationUrl, v0Key, choice, send });
  const location = answer.headers.get("location");
  if (answer.status < 300 || answer.status >= 400 || !location) {
    throw new Error(`the consent form answered ${answer.status} without a redirect: ${await visibleText(answer)}`);
  }
  return location;
}

/** One submit of the consent page in `authorizeTryingKeys`: what the person saw after it. */
export interface ConsentAttempt {
  /** The key typed in. */
  v0Key: string;
  status: number;
  /** The redirect, when the server sent one. */
  location: string | null;
  /** The answer's text as a person reads it (the page again, with the reason, when refused). */
  text: string;
}

/**
 * A person who types one key after another into the consent page until one is accepted (a
 * mistyped key, then the right one), as a browser would: each submit posts the form of the page on
 * screen, with every cookie set so far. Stops at the first redirect and returns each attempt;
 * throws when an answer is neither a redirect nor a page with the form again.
 */
export async function authorizeTryingKeys(
  authorizationUrl: string,
  keys: readonly string[],
  send: Send = (request) => fetch(request, { redirect: "manual" }),
): Promise<ConsentAttempt[]> {
  const jar = new CookieJar();
  let page = await send(new Request(authorizationUrl, { redirect: "manual" }));
  let pageUrl = authorizationUrl;
  if (page.status !== 200) throw new Error(`the consent page answered ${page.status}: ${await visibleText(page)}`);
  jar.take(page.headers);
  const attempts: ConsentAttempt[] = [];
  for (const v0Key of keys) {
    const answer = await submitConsent(page, { pageUrl, v0Key, send, cookie: jar.header() });
    jar.take(answer.headers);
    const location = answer.status >= 300 && answer.status < 400 ? answer.headers.get("location") : null;
    attempts.push({ v0Key, status: answer.status, location, text: await visibleText(answer.clone()) });
    if (location) return attempts;
    if (answer.status !== 200) return attempts;
    page = answer;
    pageUrl = readConsentForm(await answer.clone().text(), pageUrl).action;
  }
  return attempts;
}

/** The cookies a browser holds for one site: each Set-Cookie replaces the one of the same name. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Stores the cookies a response sets (an empty value or Max-Age=0 removes one). */
  take(headers: Headers): void {
    for (const cookie of headers.getSetCookie()) {
      const [pair = "", ...attributes] = cookie.split(";");
      const equals = pair.indexOf("=");
      if (equals <= 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age\s*=\s*(0+|-\d+)\s*$/i.test(attribute));
      if (value === "" || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The Cookie header the browser sends. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** The Cookie header a browser would send back, from a response's Set-Cookie headers. */
export function cookieHeader(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]?.trim() ?? "")
    .filter((pair) => pair.includes("=") && !pair.endsWith("="))
    .join("; ");
}

/** A page's text as a person reads it, short: for error messages. */
export async function visibleText(response: Response): Promise<string> {
  const text = await response.text();
  return decode(
    text
      .replace(/<(style|script)[\s\S]*?<\/\1>/gi, "")
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  ).slice(0, 500);
}

function attributes(raw: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name = "", doubleQuoted, singleQuoted, bare] of raw.matchAll(
    /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g,
  )) {
    found[name.toLowerCase()] = decode(doubleQuoted ?? singleQuoted ?? bare ?? "");
  }
  return found;
}

function decode(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith("#x") || body.startsWith("#X")) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(Number(body.slice(1)));
    return named[body.toLowerCase()] ?? entity;
  });
}
