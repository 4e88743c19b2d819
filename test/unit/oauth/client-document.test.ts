import { afterEach, describe, expect, it, vi } from "vitest";
import { visibleText } from "../../helpers/oauth-consent.js";
import { authorizeUrl, type Fixture, oauthFixture, pkce, RESOURCE } from "../../helpers/oauth-fixture.js";

const CLIENT_ID = "https://app.example.com/oauth/client.json";
const CALLBACK = "https://app.example.com/oauth/callback";
const DOCUMENT = { client_id: CLIENT_ID, client_name: "Example App", redirect_uris: [CALLBACK] };

/** An injected fetch that serves one answer and records what was asked, with what. */
function fakeFetch(answer: (url: string) => Response | Promise<Response>) {
  const asked: string[] = [];
  const fetchClientMetadata = async (url: string, init: { signal: AbortSignal }) => {
    asked.push(url);
    expect(init.signal).toBeInstanceOf(AbortSignal);
    return answer(url);
  };
  return { asked, fetchClientMetadata };
}

function openConsent(fixture: Fixture, clientId = CLIENT_ID, redirectUri = CALLBACK) {
  const url = authorizeUrl({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    code_challenge: pkce().challenge,
    code_challenge_method: "S256",
    state: "s",
    resource: RESOURCE,
  });
  return fixture.send(new Request(url));
}

async function refusedWith(response: Response, reason: RegExp, fixture: Fixture) {
  expect(response.status).toBe(400);
  expect(response.headers.get("location")).toBeNull();
  expect(await response.text()).toMatch(/not known to this server/);
  expect(fixture.logs.join("\n")).toMatch(reason);
}

describe("client ID metadata documents (an https client_id)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fetches the document, shows the client's name and the host serving it, and caches it", async () => {
    const { asked, fetchClientMetadata } = fakeFetch(() => Response.json(DOCUMENT));
    const fixture = oauthFixture({ fetchClientMetadata });
    const page = await openConsent(fixture);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Example App");
    expect(html).toMatch(/description comes from <strong>app\.example\.com<\/strong>/);
    await openConsent(fixture);
    expect(asked).toEqual([CLIENT_ID]);
  });

  it.each([
    ["http", "http://app.example.com/oauth/client.json", /https URL/],
    ["a private IP", "https://10.1.2.3/oauth/client.json", /private/],
    ["the metadata address", "https://169.254.169.254/latest/client.json", /private/],
    ["loopback", "https://127.0.0.1/client.json", /this machine/],
    ["localhost", "https://localhost/client.json", /this machine/],
    ["an IPv6 unique-local address", "https://[fd00::1]/client.json", /private/],
    ["no path", "https://app.example.com/", /with a path/],
    ["a fragment", "https://app.example.com/client.json#x", /fragment/],
    ["credentials", "https://u:p@app.example.com/client.json", /credentials/],
    // A name without a dot is never public: only a resolver's search domain (an intranet) answers it.
    ["a single-label name", "https://intranet/client.json", /intranet has no dot/],
    ["a single-label name with a port", "https://internal-only:8443/admin", /no dot/],
  ])("refuses a client_id on %s without fetching it", async (_what, clientId, reason) => {
    const { asked, fetchClientMetadata } = fakeFetch(() => Response.json({ ...DOCUMENT, client_id: clientId }));
    const fixture = oauthFixture({ fetchClientMetadata });
    await refusedWith(await openConsent(fixture, clientId), reason, fixture);
    expect(asked).toEqual([]);
  });

  it.each([
    [
      "a redirect (302)",
      () => new Response(null, { status: 302, headers: { location: "https://evil.example/" } }),
      /redirects/,
    ],
    ["an error status", () => new Response("nope", { status: 404 }), /HTTP 404/],
    [
      "a declared size over 64 KiB",
      () => new Response("{}", { headers: { "content-length": "70000" } }),
      /larger than/,
    ],
    [
      "a streamed body over 64 KiB",
      () => new Response(JSON.stringify({ ...DOCUMENT, pad: "x".repeat(70_000) })),
      /larger than/,
    ],
    ["a body that is not JSON", () => new Response("<html>"), /not JSON/],
    [
      "a client_id that is not its URL",
      () => Response.json({ ...DOCUMENT, client_id: "https://other.example/c.json" }),
      /client_id is not its URL/,
    ],
    ["no redirect_uris", () => Response.json({ client_id: CLIENT_ID, client_name: "x" }), /redirect_uris/],
    [
      "a javascript: redirect URI",
      () => Response.json({ ...DOCUMENT, redirect_uris: ["javascript:alert(1)"] }),
      /javascript/,
    ],
    ["a fetch that fails", () => Promise.reject(new TypeError("network down")), /could not be fetched/],
    [
      "a client_name with a right-to-left override",
      () => Response.json({ ...DOCUMENT, client_name: "Claude\u202e" }),
      /client_name contains U\+202E RIGHT-TO-LEFT OVERRIDE/,
    ],
  ])("refuses a document answered with %s", async (_what, answer, reason) => {
    const fixture = oauthFixture(fakeFetch(answer));
    await refusedWith(await openConsent(fixture), reason, fixture);
  });

  it("gives up on a document that does not come within 5 seconds", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let aborted = false;
    const fixture = oauthFixture({
      fetchClientMetadata: (_url, init) =>
        new Promise<Response>(() => {
          init.signal.addEventListener("abort", () => {
            aborted = true;
          });
        }),
    });
    const pending = openConsent(fixture);
    await vi.advanceTimersByTimeAsync(5000);
    await refusedWith(await pending, /no answer within 5 s/, fixture);
    expect(aborted).toBe(true);
  });

  it("refuses a redirect URI the document does not list (an error page, no redirect)", async () => {
    const fixture = oauthFixture(fakeFetch(() => Response.json(DOCUMENT)));
    const page = await openConsent(fixture, CLIENT_ID, "https://evil.example/callback");
    expect(page.status).toBe(400);
    expect(page.headers.get("location")).toBeNull();
    expect(await page.text()).toMatch(/not one the app registered/);
  });

  it("tells a visitor nothing of what the fetch found: one message for every unusable document", async () => {
    // An attacker names a URL the server can reach and reads the error page: the status, "not
    // JSON", the kind of network error or the time it took would make the server an oracle.
    const answers: (() => Response | Promise<Response>)[] = [
      () => new Response("forbidden", { status: 403 }),
      () => new Response("missing", { status: 404 }),
      () => new Response(null, { status: 302, headers: { location: "https://elsewhere.example/" } }),
      () => new Response("<h1>internal admin</h1>"),
      () => Response.json([1, 2]),
      () => Response.json({ ...DOCUMENT, client_id: "https://other.example/c.json" }),
      () => Promise.reject(new TypeError("fetch failed")),
    ];
    const texts = new Set<string>();
    for (const answer of answers) {
      const fixture = oauthFixture(fakeFetch(answer));
      const page = await openConsent(fixture);
      expect(page.status).toBe(400);
      const text = await visibleText(page);
      expect(text).not.toMatch(/HTTP|403|404|JSON|TypeError|redirect|client_id|fetch/);
      texts.add(text);
      // The operator still learns why.
      expect(fixture.logs.join("\n")).toMatch(/client metadata document/);
    }
    expect([...texts]).toEqual([
      expect.stringMatching(/not known to this server: the client's metadata document could not be used\./),
    ]);
  });

  it("does not fetch a document that could not be used again for a minute, nor twice at once", async () => {
    let release: (response: Response) => void = () => {};
    const { asked, fetchClientMetadata } = fakeFetch(
      () =>
        new Promise<Response>((resolve) => {
          release = resolve;
        }),
    );
    const fixture = oauthFixture({ fetchClientMetadata });
    // Two visits while the first fetch is under way share it.
    const first = openConsent(fixture);
    const second = openConsent(fixture);
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    release(new Response("nope", { status: 500 }));
    expect((await first).status).toBe(400);
    expect((await second).status).toBe(400);
    // Repeated visits within the minute are answered from memory.
    for (let i = 0; i < 5; i++) expect((await openConsent(fixture)).status).toBe(400);
    expect(asked).toHaveLength(1);
    fixture.clock.advance(61);
    const third = openConsent(fixture);
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    release(Response.json(DOCUMENT));
    expect((await third).status).toBe(200);
  });

  it("remembers a bounded number of failed documents", async () => {
    const { asked, fetchClientMetadata } = fakeFetch(() => new Response("nope", { status: 404 }));
    const fixture = oauthFixture({ fetchClientMetadata });
    for (let i = 0; i <= 100; i++) await openConsent(fixture, `https://app.example.com/c/${i}.json`);
    expect(asked).toHaveLength(101);
    // The oldest was forgotten to make room: it is fetched again; the newest is not.
    await openConsent(fixture, "https://app.example.com/c/0.json");
    await openConsent(fixture, "https://app.example.com/c/100.json");
    expect(asked).toHaveLength(102);
  });
});
