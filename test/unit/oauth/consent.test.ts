import { describe, expect, it } from "vitest";
import { clientLabel } from "../../../src/oauth/context.js";
import { createSealer } from "../../../src/oauth/sealed.js";
import {
  authorizeTryingKeys,
  cookieHeader,
  readConsentForm,
  submitConsent,
  visibleText,
} from "../../helpers/oauth-consent.js";
import {
  CLAUDE_CALLBACK,
  codeRequest,
  GOOD_KEY,
  ISSUER,
  oauthFixture,
  pkce,
  postForm,
  register,
  SECRET_A,
} from "../../helpers/oauth-fixture.js";

async function consentPage(clientName = "Claude", extra: Record<string, string | undefined> = {}) {
  const fixture = oauthFixture();
  const clientId = await register(fixture, { client_name: clientName, redirect_uris: [CLAUDE_CALLBACK] });
  const url = codeRequest(clientId, pkce().challenge, extra);
  return { fixture, clientId, url, page: await fixture.send(new Request(url)) };
}

describe("the consent page (GET /authorize)", () => {
  it("is one form with exactly one password field, the name marked unverified, and the redirect host", async () => {
    const { page, url } = await consentPage();
    expect(page.status).toBe(200);
    const html = await page.clone().text();
    const form = readConsentForm(html, url);
    expect(form.action).toBe(`${ISSUER}/authorize`);
    expect(form.passwordFields).toEqual(["v0_key"]);
    expect(html.match(/<input\b[^>]*type="password"[^>]*>/g)).toHaveLength(1);
    expect(html).toMatch(/<input[^>]*name="v0_key"[^>]*type="password"[^>]*autocomplete="off"/);
    expect(form.buttons.map((button) => button.value)).toEqual(["allow", "deny"]);
    const text = await visibleText(page);
    expect(text).toMatch(/Claude unverified/);
    expect(text).toContain("you are sent to claude.ai");
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it("has no script and loads nothing from elsewhere", async () => {
    const { page } = await consentPage();
    const html = await page.text();
    expect(html).not.toMatch(/<script|\bsrc=|<link|@import|url\(/i);
  });

  it("sends headers against framing, caching, referrers and injected content, and a __Host- CSRF cookie", async () => {
    const { page } = await consentPage();
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/style-src 'nonce-[\w-]+'/);
    expect(csp).toContain("form-action 'self' https://claude.ai");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const [cookie] = page.headers.getSetCookie();
    expect(cookie).toMatch(
      /^__Host-v0mcp-consent-[\w-]+=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=900; Secure$/,
    );
    const nonce = /'nonce-([\w-]+)'/.exec(csp)?.[1];
    expect(await page.text()).toContain(`<style nonce="${nonce}">`);
  });

  it("escapes a hostile client name", async () => {
    const { page } = await consentPage('<script>alert("x")</script><img src=x onerror=alert(1)>');
    const html = await page.text();
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
  });

  it("isolates the client's name from the sentence around it (<bdi>)", async () => {
    const { page } = await consentPage("\u05e7\u05dc\u05d5\u05d3 Claude");
    expect(await page.text()).toContain("<strong><bdi>\u05e7\u05dc\u05d5\u05d3 Claude</bdi></strong>");
  });

  it("does not show a bidi-laden name from a client id registered before such names were refused", async () => {
    // A client id is the registration, sealed: one issued by an earlier version may hold any name.
    const fixture = oauthFixture();
    const sealer = createSealer([SECRET_A], ISSUER, () => fixture.clock.now);
    const clientId = await sealer.seal(
      "client",
      { client_name: "Claude\u202e moc.live", redirect_uris: [CLAUDE_CALLBACK] },
      {},
    );
    const page = await fixture.send(new Request(codeRequest(clientId, pkce().challenge)));
    expect(page.status).toBe(400);
    expect(page.headers.get("location")).toBeNull();
    const everything = `${await page.text()}${fixture.logs.join("\n")}`;
    expect(everything).not.toContain("\u202e");
  });

  it("writes a client's name into a log line inert: quoted, short, invisible characters escaped", () => {
    // Names inside refresh tokens sealed by an earlier version reach the log through clientLabel.
    const label = clientLabel("Claude\u202e\u200b\u{e0041}\nx\u0085");
    expect(label).toBe('"Claude\\u202e\\u200b\\u{e0041}\\nx\\u0085"');
    expect(label).not.toMatch(/[\u0000-\u001f\u0085\u200b\u202e\u{e0041}]/u);
    expect(clientLabel("a".repeat(100))).toBe(`"${"a".repeat(60)}"`);
    expect(clientLabel(undefined)).toBe("(unnamed client)");
  });

  it("answers an unknown or tampered client_id with an error page, never a redirect", async () => {
    const fixture = oauthFixture();
    const clientId = await register(fixture);
    const tampered = `${clientId.slice(0, -4)}AAAA`;
    for (const id of [tampered, "not-a-client", ""]) {
      const page = await fixture.send(new Request(codeRequest(id, pkce().challenge)));
      expect(page.status).toBe(400);
      expect(page.headers.get("location")).toBeNull();
      expect(page.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("answers a redirect URI the client did not register with an error page, never a redirect", async () => {
    for (const redirect of ["https://evil.example/cb", `${CLAUDE_CALLBACK}/x`, `${CLAUDE_CALLBACK}?a=1`]) {
      const { page } = await consentPage("Claude", { redirect_uri: redirect });
      expect(page.status).toBe(400);
      expect(page.headers.get("location")).toBeNull();
      expect(await visibleText(page)).toMatch(/not one the app registered/);
    }
  });

  it.each([
    ["no code_challenge", { code_challenge: undefined }, "invalid_request"],
    ["the plain PKCE method", { code_challenge_method: "plain" }, "invalid_request"],
    ["no PKCE method (plain by default)", { code_challenge_method: undefined }, "invalid_request"],
    ["a malformed challenge", { code_challenge: "short" }, "invalid_request"],
    ["response_type=token", { response_type: "token" }, "unsupported_response_type"],
    ["another resource", { resource: "https://other.example.com/mcp" }, "invalid_target"],
  ])("sends %s back to the client as an error, with state and iss", async (_what, extra, error) => {
    const { page } = await consentPage("Claude", extra);
    expect(page.status).toBe(302);
    const location = new URL(page.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(CLAUDE_CALLBACK);
    expect(location.searchParams.get("error")).toBe(error);
    expect(location.searchParams.get("state")).toBe("state-123");
    expect(location.searchParams.get("iss")).toBe(ISSUER);
    expect(location.searchParams.has("code")).toBe(false);
  });

  it.each([
    ["an over-long state", "s".repeat(2049), /state is too long/],
    ["a state with a newline and non-ASCII", "x\r\nSet-Cookie: a=b \u202e", /printable ASCII/],
  ])("sends an error without echoing %s", async (_what, state, reason) => {
    const { page } = await consentPage("Claude", { state });
    expect(page.status).toBe(302);
    const location = new URL(page.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(CLAUDE_CALLBACK);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("error_description")).toMatch(reason);
    expect(location.searchParams.has("state")).toBe(false);
    expect(location.href.length).toBeLessThan(400);
  });

  it("takes a request without resource as one for the canonical resource", async () => {
    const { page } = await consentPage("Claude", { resource: undefined });
    expect(page.status).toBe(200);
  });
});

describe("the consent answer (POST /authorize)", () => {
  it("redirects with code, state and iss for a key v0 takes, checked once, and clears the cookie", async () => {
    const { fixture, url, page } = await consentPage();
    const answer = await submitConsent(page, { pageUrl: url, v0Key: GOOD_KEY, send: fixture.send });
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(CLAUDE_CALLBACK);
    expect([...location.searchParams.keys()]).toEqual(["code", "state", "iss"]);
    expect(location.searchParams.get("state")).toBe("state-123");
    expect(location.searchParams.get("iss")).toBe(ISSUER);
    expect(fixture.checkedKeys).toEqual([GOOD_KEY]);
    expect(answer.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(fixture.logs.join("\n")).not.toContain(GOOD_KEY);
  });

  it("shows the page again with v0's reason for a key v0 refuses, and issues no code", async () => {
    const { fixture, url, page } = await consentPage();
    const cookies = cookieHeader(page.headers);
    const answer = await submitConsent(page, { pageUrl: url, v0Key: "v0_wrong_key_123", send: fixture.send });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("location")).toBeNull();
    const html = await answer.clone().text();
    expect(html).not.toContain("code=");
    expect(await visibleText(answer.clone())).toMatch(/v0 did not accept this key \(HTTP 401\): Invalid API key/);
    expect(fixture.checkedKeys).toEqual(["v0_wrong_key_123"]);
    expect(fixture.logs.join("\n")).not.toContain("v0_wrong_key_123");
    // The person tries again on the same page, with the same cookie: now it works.
    const retry = new Response(html, { headers: { "set-cookie": cookies } });
    const second = await submitConsent(retry, { pageUrl: url, v0Key: GOOD_KEY, send: fixture.send });
    expect(second.status).toBe(303);
    expect(new URL(second.headers.get("location") ?? "").searchParams.has("code")).toBe(true);
  });

  it("issues one code per consent form: the form sent again after its code shows an error, asking v0 nothing", async () => {
    // An attacker who has the page's form and cookie (a shared computer, a proxy log) replays it.
    const { fixture, url, page } = await consentPage();
    const cookie = cookieHeader(page.headers);
    const form = readConsentForm(await page.clone().text(), url);
    const fields = { ...Object.fromEntries(form.hidden), v0_key: GOOD_KEY, action: "allow" };
    const first = await fixture.send(postForm("/authorize", fields, { cookie }));
    expect(first.status).toBe(303);
    expect(new URL(first.headers.get("location") ?? "").searchParams.has("code")).toBe(true);
    const replay = await fixture.send(postForm("/authorize", fields, { cookie }));
    expect(replay.status).toBe(400);
    expect(replay.headers.get("location")).toBeNull();
    expect(await visibleText(replay)).toMatch(/already used; start again from your app/);
    expect(fixture.checkedKeys).toEqual([GOOD_KEY]);
  });

  it("asks v0 about one key however many times one form is sent at once", async () => {
    // 50 guesses posted in parallel with one form: one reaches v0, the rest are refused unasked.
    const { fixture, url, page } = await consentPage();
    const cookie = cookieHeader(page.headers);
    const form = Object.fromEntries(readConsentForm(await page.text(), url).hidden);
    const keys = Array.from({ length: 50 }, (_, i) => (i === 37 ? GOOD_KEY : `v0_guess_${i}`));
    const answers = await Promise.all(
      keys.map((v0_key) => fixture.send(postForm("/authorize", { ...form, v0_key, action: "allow" }, { cookie }))),
    );
    expect(fixture.checkedKeys).toHaveLength(1);
    expect(answers.filter((answer) => answer.headers.has("location")).length).toBeLessThanOrEqual(1);
    expect(answers.filter((answer) => answer.status === 400)).toHaveLength(49);
  });

  it("shows a new form after each refused key, the old one used up, and stops after five refusals", async () => {
    const { fixture, url, page } = await consentPage();
    const cookie = cookieHeader(page.headers);
    const firstForm = Object.fromEntries(readConsentForm(await page.text(), url).hidden);
    const refused = await fixture.send(
      postForm("/authorize", { ...firstForm, v0_key: "v0_wrong", action: "allow" }, { cookie }),
    );
    expect(refused.status).toBe(200);
    const secondForm = Object.fromEntries(readConsentForm(await refused.text(), url).hidden);
    expect(secondForm.request).not.toBe(firstForm.request);
    // The first form, sent again (now with the right key), is used up; the new one works.
    const replay = await fixture.send(
      postForm("/authorize", { ...firstForm, v0_key: GOOD_KEY, action: "allow" }, { cookie }),
    );
    expect(await visibleText(replay)).toMatch(/already used/);
    expect(fixture.checkedKeys).toEqual(["v0_wrong"]);
    const allowed = await fixture.send(
      postForm("/authorize", { ...secondForm, v0_key: GOOD_KEY, action: "allow" }, { cookie }),
    );
    expect(allowed.status).toBe(303);

    // A person (or a guesser) typing one key after another: five refusals, then start again.
    const guesser = oauthFixture();
    const clientId = await register(guesser);
    const wrong = Array.from({ length: 6 }, (_, i) => `v0_wrong_${i}`);
    const attempts = await authorizeTryingKeys(codeRequest(clientId, pkce().challenge), wrong, guesser.send);
    expect(attempts.map((attempt) => attempt.status)).toEqual([200, 200, 200, 200, 400]);
    expect(attempts[4]?.text).toMatch(/Too many keys were tried.*start again from your app/);
    expect(guesser.checkedKeys).toEqual(wrong.slice(0, 5));
  });

  it("keeps the first form's expiry on the forms shown after a refused key", async () => {
    const { fixture, url, page } = await consentPage();
    const cookie = cookieHeader(page.headers);
    fixture.clock.advance(14 * 60);
    const refused = await submitConsent(page, { pageUrl: url, v0Key: "v0_wrong", send: fixture.send });
    expect(refused.status).toBe(200);
    fixture.clock.advance(2 * 60);
    const retry = new Response(await refused.text(), { headers: { "set-cookie": cookie } });
    const late = await submitConsent(retry, { pageUrl: url, v0Key: GOOD_KEY, send: fixture.send });
    expect(late.status).toBe(400);
    expect(await visibleText(late)).toMatch(/expired/);
    expect(fixture.checkedKeys).toEqual(["v0_wrong"]);
  });

  it("never shows or logs the key, even when v0's reason quotes it", async () => {
    const leaky = oauthFixture({
      checkV0Key: async (key) => ({ ok: false, status: 403, reason: `key ${key} is disabled` }),
    });
    const clientId = await register(leaky);
    const url = codeRequest(clientId, pkce().challenge);
    const page = await leaky.send(new Request(url));
    const answer = await submitConsent(page, { pageUrl: url, v0Key: "v0_secret_key_987", send: leaky.send });
    const html = await answer.text();
    expect(html).toContain("key [redacted] is disabled");
    expect(html).not.toContain("v0_secret_key_987");
    expect(leaky.logs.join("\n")).not.toContain("v0_secret_key_987");
  });

  it("asks again without calling v0 when no key is given, and says so when v0 cannot be reached", async () => {
    const { fixture, url, page } = await consentPage();
    const empty = await submitConsent(page, { pageUrl: url, v0Key: "  ", send: fixture.send });
    expect(empty.status).toBe(200);
    expect(await visibleText(empty)).toMatch(/Paste your v0 API key/);
    expect(fixture.checkedKeys).toEqual([]);

    const down = oauthFixture({
      checkV0Key: async () => {
        throw new Error("connect ECONNREFUSED");
      },
    });
    const clientId = await register(down);
    const downUrl = codeRequest(clientId, pkce().challenge);
    const downPage = await down.send(new Request(downUrl));
    const answer = await submitConsent(downPage, { pageUrl: downUrl, v0Key: GOOD_KEY, send: down.send });
    expect(answer.status).toBe(200);
    expect(await visibleText(answer)).toMatch(/could not be reached/);
  });

  it("redirects with access_denied, state and iss when the person denies, without asking v0", async () => {
    const { fixture, url, page } = await consentPage();
    const answer = await submitConsent(page, { pageUrl: url, v0Key: "", choice: "deny", send: fixture.send });
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("state-123");
    expect(location.searchParams.get("iss")).toBe(ISSUER);
    expect(location.searchParams.has("code")).toBe(false);
    expect(fixture.checkedKeys).toEqual([]);
  });

  it("refuses a form without its CSRF cookie, or with another page's cookie, before asking v0", async () => {
    const { fixture, url, page } = await consentPage();
    const html = await page.text();
    const form = readConsentForm(html, url);
    const fields = { ...Object.fromEntries(form.hidden), v0_key: GOOD_KEY, action: "allow" };
    const other = await consentPage();
    const otherCookie = cookieHeader(other.page.headers).replace(
      /^[^=]+/,
      cookieHeader(page.headers).split("=")[0] ?? "",
    );
    for (const cookie of [undefined, otherCookie, "__Host-v0mcp-consent-x=y"]) {
      const answer = await fixture.send(postForm("/authorize", fields, cookie ? { cookie } : {}));
      expect(answer.status).toBe(403);
      expect(answer.headers.get("location")).toBeNull();
    }
    expect(fixture.checkedKeys).toEqual([]);
  });

  it("refuses a form whose sealed request was changed or has expired", async () => {
    const { fixture, url, page } = await consentPage();
    const cookie = cookieHeader(page.headers);
    const form = readConsentForm(await page.text(), url);
    const request = form.hidden.find(([name]) => name === "request")?.[1] ?? "";
    const tampered = `${request.slice(0, -3)}AAA`;
    const changed = await fixture.send(
      postForm("/authorize", { request: tampered, v0_key: GOOD_KEY, action: "allow" }, { cookie }),
    );
    expect(changed.status).toBe(400);
    fixture.clock.advance(16 * 60);
    const late = await fixture.send(postForm("/authorize", { request, v0_key: GOOD_KEY, action: "allow" }, { cookie }));
    expect(late.status).toBe(400);
    expect(await visibleText(late)).toMatch(/expired/);
    expect(fixture.checkedKeys).toEqual([]);
  });

  it("sends the code to the loopback port the client used, not the registered one", async () => {
    const fixture = oauthFixture();
    const clientId = await register(fixture, {
      client_name: "Claude Code",
      redirect_uris: ["http://127.0.0.1:1111/callback"],
    });
    const url = codeRequest(clientId, pkce().challenge, { redirect_uri: "http://127.0.0.1:54321/callback" });
    const page = await fixture.send(new Request(url));
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self' http:");
    const answer = await submitConsent(page, { pageUrl: url, v0Key: GOOD_KEY, send: fixture.send });
    expect(answer.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:54321\/callback\?code=/);
  });

  it("keeps a private-use scheme's redirect URI as registered", async () => {
    const fixture = oauthFixture();
    const callback = "cursor://anysphere.cursor-mcp/oauth/callback";
    const clientId = await register(fixture, { client_name: "Cursor", redirect_uris: [callback] });
    const url = codeRequest(clientId, pkce().challenge, { redirect_uri: callback });
    const page = await fixture.send(new Request(url));
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self' cursor:");
    const answer = await submitConsent(page, { pageUrl: url, v0Key: GOOD_KEY, send: fixture.send });
    expect(answer.headers.get("location")).toMatch(
      /^cursor:\/\/anysphere\.cursor-mcp\/oauth\/callback\?code=[^&]+&state=state-123&iss=/,
    );
  });

  it("refuses a form body that is not form-encoded or is over 16 KiB", async () => {
    const { fixture } = await consentPage();
    const json = await fixture.send(
      new Request(`${ISSUER}/authorize`, {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/json" },
      }),
    );
    expect(json.status).toBe(415);
    const huge = await fixture.send(postForm("/authorize", { request: "x".repeat(17_000) }));
    expect(huge.status).toBe(413);
    expect((await fixture.send(new Request(`${ISSUER}/authorize`, { method: "PUT" }))).status).toBe(405);
  });
});
