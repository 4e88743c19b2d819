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
    // Aborting would not stop a DNS lookup, only hide it: the fetch runs on, holding its place,
    // until it ends or 30 s have passed.
    expect(aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(25_000);
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

  it("does not fetch a refused document again for a minute, nor twice at once", async () => {
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
    release(new Response("nope", { status: 404 }));
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

/**
 * An injected fetch that answers only when the test says, call by call; like the global fetch, it
 * rejects when its signal aborts.
 */
function heldFetch() {
  const calls: { url: string; answer: (response: Response) => void }[] = [];
  const listeners = new Set<() => void>();
  const fetchClientMetadata = (url: string, init: { signal: AbortSignal }) =>
    new Promise<Response>((resolve, reject) => {
      init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      calls.push({ url, answer: resolve });
      for (const listener of listeners) listener();
    });
  /** Settles once `count` fetches have been started. */
  const started = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (calls.length < count) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
    });
  const answer = (index: number, response: Response) => {
    const call = calls[index];
    if (!call) throw new Error(`fetch ${index} was not started`);
    call.answer(response);
  };
  const urls = () => calls.map((call) => call.url);
  return { fetchClientMetadata, started, answer, urls };
}

const documentAt = (clientId: string) => Response.json({ ...DOCUMENT, client_id: clientId });

/** A refusal because other fetches are running: nothing about them, the reason in the log. */
async function refusedAsBusy(response: Response, reason: RegExp, fixture: Fixture) {
  expect(response.status).toBe(400);
  expect(response.headers.get("location")).toBeNull();
  const text = await visibleText(response);
  expect(text).toMatch(
    /not known to this server: the client's metadata document cannot be fetched right now; try again/,
  );
  expect(text).not.toMatch(/example|running|fetches|\d/);
  expect(fixture.logs.at(-1)).toMatch(reason);
}

describe("client ID metadata documents under a flood of fetches", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs two fetches at once and refuses the rest at once, without fetching; then fetches again", async () => {
    // The attack: unauthenticated requests for documents on names whose DNS never answers, each
    // name new (so no cache helps), each lookup holding one of the runtime's few worker threads.
    const held = heldFetch();
    const fixture = oauthFixture({ fetchClientMetadata: held.fetchClientMetadata });
    const slow = Array.from({ length: 8 }, (_, i) => `https://r${i}.slow.example/client.json`);
    const first = openConsent(fixture, slow[0]);
    const second = openConsent(fixture, slow[1]);
    await held.started(2);
    for (const clientId of slow.slice(2)) {
      await refusedAsBusy(await openConsent(fixture, clientId), /2 fetches are still running/, fixture);
    }
    // A real client arriving now is refused too (and may try again): the cap is what protects the rest.
    await refusedAsBusy(await openConsent(fixture), /2 fetches are still running/, fixture);
    expect(held.urls()).toEqual(slow.slice(0, 2));

    // One slow fetch ends: one place is free.
    held.answer(0, new Response(null, { status: 404 }));
    expect((await first).status).toBe(400);
    const real = openConsent(fixture);
    await held.started(3);
    expect(held.urls()[2]).toBe(CLIENT_ID);
    held.answer(2, Response.json(DOCUMENT));
    expect((await real).status).toBe(200);
    held.answer(1, new Response(null, { status: 404 }));
    expect((await second).status).toBe(400);
  });

  it("runs one fetch per host: a second one to the same host is refused, another host is fetched", async () => {
    const held = heldFetch();
    const fixture = oauthFixture({ fetchClientMetadata: held.fetchClientMetadata });
    const other = "https://app.example.com/other/client.json";
    const elsewhere = "https://elsewhere.example.net/client.json";
    const first = openConsent(fixture);
    await held.started(1);
    await refusedAsBusy(await openConsent(fixture, other), /a fetch from app\.example\.com is still running/, fixture);
    // The same URL shares the fetch under way.
    const again = openConsent(fixture);
    const third = openConsent(fixture, elsewhere);
    await held.started(2);
    expect(held.urls()).toEqual([CLIENT_ID, elsewhere]);

    held.answer(0, Response.json(DOCUMENT));
    expect((await first).status).toBe(200);
    expect((await again).status).toBe(200);
    held.answer(1, documentAt(elsewhere));
    expect((await third).status).toBe(200);
    const later = openConsent(fixture, other);
    await held.started(3);
    held.answer(2, documentAt(other));
    expect((await later).status).toBe(200);
  });

  it("keeps a timed-out fetch's place until it ends, and does not remember the timeout", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const held = heldFetch();
    const fixture = oauthFixture({ fetchClientMetadata: held.fetchClientMetadata });
    const first = openConsent(fixture);
    await held.started(1);
    await vi.advanceTimersByTimeAsync(5000);
    await refusedWith(await first, /no answer within 5 s/, fixture);
    // The fetch (a DNS lookup, say) is still running: neither this host nor a third fetch may start.
    await refusedAsBusy(await openConsent(fixture), /app\.example\.com is still running/, fixture);
    expect(held.urls()).toHaveLength(1);

    // It ends late (its answer is not used); the next visit fetches again.
    held.answer(0, Response.json(DOCUMENT));
    await vi.advanceTimersByTimeAsync(0);
    const second = openConsent(fixture);
    await held.started(2);
    held.answer(1, Response.json(DOCUMENT));
    expect((await second).status).toBe(200);
  });

  it("aborts a fetch that never ends after 30 s, which frees its place", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const held = heldFetch();
    const fixture = oauthFixture({ fetchClientMetadata: held.fetchClientMetadata });
    const first = openConsent(fixture);
    await held.started(1);
    await vi.advanceTimersByTimeAsync(5000);
    await refusedWith(await first, /no answer within 5 s/, fixture);
    await vi.advanceTimersByTimeAsync(24_999);
    await refusedAsBusy(await openConsent(fixture), /still running/, fixture);
    await vi.advanceTimersByTimeAsync(1);
    const second = openConsent(fixture);
    await held.started(2);
    held.answer(1, Response.json(DOCUMENT));
    expect((await second).status).toBe(200);
  });

  it.each([
    ["a 503", () => new Response(null, { status: 503 })],
    ["a 500", () => new Response(null, { status: 500 })],
    ["a 429 (a host rate-limiting)", () => new Response(null, { status: 429 })],
    ["a 408", () => new Response(null, { status: 408 })],
    ["a 425", () => new Response(null, { status: 425 })],
    ["a redirect", () => new Response(null, { status: 302, headers: { location: "https://x.example/" } })],
    ["a network error", () => Promise.reject(new TypeError("fetch failed"))],
  ])("does not remember %s: the next visit fetches again", async (_what, transient) => {
    // Otherwise whoever can make a real client's host fail once locks the client out for a minute.
    let calls = 0;
    const { asked, fetchClientMetadata } = fakeFetch(() => (++calls === 1 ? transient() : Response.json(DOCUMENT)));
    const fixture = oauthFixture({ fetchClientMetadata });
    expect((await openConsent(fixture)).status).toBe(400);
    expect((await openConsent(fixture)).status).toBe(200);
    expect(asked).toHaveLength(2);
  });

  it.each([
    ["a 404", () => new Response(null, { status: 404 })],
    ["a 403", () => new Response(null, { status: 403 })],
    ["a 410", () => new Response(null, { status: 410 })],
    ["a 200 that is not JSON", () => new Response("<html>")],
    ["a 200 too large", () => new Response("{}", { headers: { "content-length": "70000" } })],
    ["a document naming another client_id", () => documentAt("https://other.example/c.json")],
  ])("remembers %s for a minute", async (_what, definite) => {
    let calls = 0;
    const { asked, fetchClientMetadata } = fakeFetch(() => (++calls === 1 ? definite() : Response.json(DOCUMENT)));
    const fixture = oauthFixture({ fetchClientMetadata });
    expect((await openConsent(fixture)).status).toBe(400);
    expect((await openConsent(fixture)).status).toBe(400);
    expect(asked).toHaveLength(1);
    fixture.clock.advance(61);
    expect((await openConsent(fixture)).status).toBe(200);
    expect(asked).toHaveLength(2);
  });
});
