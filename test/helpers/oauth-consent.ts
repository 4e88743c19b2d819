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
  const cookie = cookieHeader(page.headers);
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
