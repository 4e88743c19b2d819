import { randomId } from "./sealed.js";

/** What the consent page shows and posts back. Every string in it is escaped on the way out. */
export interface ConsentView {
  /** The client's own name for itself: shown as unverified. */
  clientName: string | undefined;
  /** For a client described by a metadata document, the host that serves it. */
  clientDocumentHost: string | undefined;
  /** Where the person is sent afterwards, as describeRedirect words it. */
  redirectTarget: string;
  /** The CSP source that lets the form's redirect through. */
  redirectSource: string;
  /** Where the form posts (the authorization endpoint's path). */
  action: string;
  /** The sealed authorization request: the form's hidden field. */
  request: string;
  /** Why the last attempt was refused, to show above the form. */
  problem?: string;
  /** A Set-Cookie header value (the CSRF cookie), on the first render only. */
  setCookie?: string;
}

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}
body{margin:0;padding:1.25rem;display:flex;justify-content:center}
main{width:100%;max-width:28rem}
h1{font-size:1.35rem;margin:.5rem 0 1rem}
.tag{display:inline-block;font-size:.75rem;padding:0 .4rem;border:1px solid currentColor;border-radius:.25rem;opacity:.75;vertical-align:middle}
.target{word-break:break-all}
.problem{border-left:4px solid #c62828;padding:.5rem .75rem;background:rgba(198,40,40,.1)}
label{display:block;font-weight:600;margin-top:1.25rem}
input[type=password]{box-sizing:border-box;width:100%;font-size:1rem;padding:.65rem;margin:.35rem 0;border:1px solid #888;border-radius:.4rem}
.hint{font-size:.875rem;opacity:.8}
.buttons{display:flex;gap:.75rem;margin-top:1.25rem}
button{flex:1;font-size:1rem;padding:.7rem;border-radius:.4rem;border:1px solid #888;cursor:pointer}
button.allow{background:#111;color:#fff;border-color:#111}
@media (prefers-color-scheme:dark){button.allow{background:#fff;color:#111;border-color:#fff}}
`;

/** The consent page: one form, one password field, no script, nothing loaded from elsewhere. */
export function consentPage(view: ConsentView): Response {
  const nonce = randomId();
  const who = view.clientName
    ? `<strong><bdi>${escapeHtml(view.clientName)}</bdi></strong>`
    : "<strong>An app that gave no name</strong>";
  const document = view.clientDocumentHost
    ? `<p class="hint">Its description comes from <strong>${escapeHtml(view.clientDocumentHost)}</strong>.</p>`
    : "";
  const problem = view.problem ? `<p class="problem" role="alert">${escapeHtml(view.problem)}</p>` : "";
  const body = `<h1>Connect an app to your v0 account</h1>
<p>${who} <span class="tag">unverified</span> asks to manage your v0 webhooks with your v0 API key.
The name is what the app says about itself; this server has not checked it.</p>
${document}
<p>After you answer, you are sent to <strong class="target">${escapeHtml(view.redirectTarget)}</strong>.
Continue only if you started this from that app.</p>
${problem}
<form method="post" action="${escapeHtml(view.action)}">
<input type="hidden" name="request" value="${escapeHtml(view.request)}">
<label for="v0_key">Your v0 API key</label>
<input id="v0_key" name="v0_key" type="password" autocomplete="off" autocapitalize="off" spellcheck="false" required>
<p class="hint">Create one at v0.app, Settings, API Keys. v0 checks it once; then it travels only
inside encrypted tokens that this app holds and cannot read.</p>
<div class="buttons">
<button class="allow" type="submit" name="action" value="allow">Allow</button>
<button type="submit" name="action" value="deny" formnovalidate>Deny</button>
</div>
</form>`;
  const headers = pageHeaders(nonce, `'self' ${view.redirectSource}`);
  if (view.setCookie) headers.append("set-cookie", view.setCookie);
  return new Response(html("Connect to v0", body, nonce), { status: 200, headers });
}

/**
 * An error page: for a request that must not be answered with a redirect (an unknown client, a
 * redirect URI that is not registered: RFC 6749 §4.1.2.1), or a form that cannot be trusted.
 */
export function errorPage(title: string, message: string, status = 400): Response {
  const nonce = randomId();
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="problem" role="alert">${escapeHtml(message)}</p>
<p>Close this page and start again from the app you were connecting.</p>`;
  return new Response(html(title, body, nonce), { status, headers: pageHeaders(nonce, "'none'") });
}

function html(title: string, body: string, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/**
 * No script at all, styles only by nonce, no framing (clickjacking), no caching, no referrer (the
 * page's URL holds the authorization request), forms only back here and on to the redirect.
 */
export function pageHeaders(nonce: string, formAction: string): Headers {
  return new Headers({
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": [
      "default-src 'none'",
      `style-src 'nonce-${nonce}'`,
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join("; "),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
    pragma: "no-cache",
    "referrer-policy": "no-referrer",
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
