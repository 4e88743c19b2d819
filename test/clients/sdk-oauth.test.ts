import { randomBytes } from "node:crypto";
import {
  Client,
  type ClientOptions,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  OAuthError,
  refreshAuthorization,
  type StoredOAuthClientInformation,
  type StoredOAuthTokens,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpBin, startHttpBin } from "../helpers/bin.js";
import { oneKeyV0, useFakeV0 } from "../helpers/fake-v0.js";
import { authorizeAsPerson, authorizeTryingKeys } from "../helpers/oauth-consent.js";

/*
 * The official TypeScript client SDK v2 (@modelcontextprotocol/client) through its own OAuth flow
 * against the built bin with MCP_HTTP_AUTH=oauth (loopback bind, no MCP_PUBLIC_URL: the issuer is
 * the bound address): a 401 sends it to discovery (resource metadata, then authorization server
 * metadata), it registers (DCR), sends the person to the consent page (`redirectToAuthorization`,
 * where a test-side person pastes their v0 key), exchanges the code (`finishAuth`), and calls a
 * tool that reaches the fake v0 with that person's key. Then: a refused access token is refreshed
 * without asking the person again, an older refresh token is refused once its successor was used,
 * and a mistyped key on the consent page issues no code. In both protocol eras the client offers.
 */
const SECRET = "sdk-oauth-secret-0123456789abcdef012345";
const PERSON_KEY = "v0_person_key_sdk_0123456789abcdef";
const WRONG_KEY = "v0_mistyped_key_0123456789abcdef";
const REDIRECT = "http://127.0.0.1:43112/callback";

const fake = useFakeV0({ otherwise: oneKeyV0(() => PERSON_KEY) });
let server: HttpBin;
let serverUrl: URL;
let issuer: string;

beforeAll(async () => {
  server = await startHttpBin({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET, V0_API_BASE_URL: fake.baseUrl });
  serverUrl = new URL(server.url);
  issuer = serverUrl.origin;
});
afterAll(() => {
  server?.child.kill();
});

/**
 * What a desktop client keeps for one server, in memory: its registration, tokens, the PKCE
 * verifier and the discovery state (which must outlive the trip to the consent page). The person
 * is whoever `person` is: it receives the authorization URL the client would open in a browser.
 */
class InMemoryProvider implements OAuthClientProvider {
  readonly redirectUrl = REDIRECT;
  readonly clientMetadata: OAuthClientMetadata = {
    client_name: "SDK v2 OAuth test",
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
  };
  client: StoredOAuthClientInformation | undefined;
  current: StoredOAuthTokens | undefined;
  /** Every token set the SDK saved, in order. */
  readonly saved: StoredOAuthTokens[] = [];
  /** Every authorization URL the person was sent to, and the state it carried. */
  readonly sentTo: URL[] = [];
  readonly states: string[] = [];
  private verifier: string | undefined;
  private discovery: OAuthDiscoveryState | undefined;

  constructor(private readonly person: (authorizationUrl: URL) => Promise<void>) {}

  state(): string {
    const state = randomBytes(16).toString("base64url");
    this.states.push(state);
    return state;
  }
  clientInformation(): StoredOAuthClientInformation | undefined {
    return this.client;
  }
  saveClientInformation(client: StoredOAuthClientInformation): void {
    this.client = client;
  }
  tokens(): StoredOAuthTokens | undefined {
    return this.current;
  }
  saveTokens(tokens: StoredOAuthTokens): void {
    this.current = tokens;
    this.saved.push(tokens);
  }
  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    this.sentTo.push(authorizationUrl);
    await this.person(authorizationUrl);
  }
  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }
  codeVerifier(): string {
    if (this.verifier === undefined) throw new Error("no PKCE verifier saved");
    return this.verifier;
  }
  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }
  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }
  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    if (scope === "all" || scope === "client") this.client = undefined;
    if (scope === "all" || scope === "tokens") this.current = undefined;
    if (scope === "all" || scope === "verifier") this.verifier = undefined;
    if (scope === "all" || scope === "discovery") this.discovery = undefined;
  }
}

/** The client's own HTTP requests (discovery, registration, token, MCP), as method, path and grant. */
function recordingFetch() {
  const seen: string[] = [];
  const fetchAndRecord = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const grant =
      request.method === "POST" && new URL(request.url).pathname === "/token"
        ? ` ${new URLSearchParams(await request.clone().text()).get("grant_type")}`
        : "";
    const response = await fetch(request);
    seen.push(`${request.method} ${new URL(request.url).pathname}${grant} → ${response.status}`);
    return response;
  };
  return { seen, fetch: fetchAndRecord };
}

const eras: Array<[string, ClientOptions, string]> = [
  ["the client's default (the 2025 handshake)", {}, "2025-11-25"],
  ["pinned to 2026-07-28", { versionNegotiation: { mode: { pin: "2026-07-28" } } }, "2026-07-28"],
];

describe.each(eras)("SDK v2 OAuthClientProvider, %s", (_era, options, version) => {
  const newClient = () => new Client({ name: "sdk-oauth-test", version: "1.0.0" }, options);
  const transportFor = (provider: OAuthClientProvider, fetchFn?: ReturnType<typeof recordingFetch>["fetch"]) =>
    new StreamableHTTPClientTransport(serverUrl, { authProvider: provider, ...(fetchFn ? { fetch: fetchFn } : {}) });

  /** The call every test ends with: list_webhooks, which v0 must see with the person's key. */
  async function listWebhooksAs(client: Client): Promise<void> {
    expect(client.getNegotiatedProtocolVersion()).toBe(version);
    fake.requests.length = 0;
    const result = await client.callTool({ name: "list_webhooks", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ webhooks: [] });
    expect(fake.requests.map((request) => [request.method, request.url, request.headers.authorization])).toEqual([
      ["GET", "/v2/hooks", `Bearer ${PERSON_KEY}`],
    ]);
  }

  /**
   * The first connection: a 401, discovery, registration, the person at the consent page (here
   * `person`, which returns the redirect Location), then `finishAuth` with the callback's query.
   */
  async function signIn(person: (authorizationUrl: URL) => Promise<string>) {
    let callback: URL | undefined;
    const provider = new InMemoryProvider(async (authorizationUrl) => {
      callback = new URL(await person(authorizationUrl));
    });
    const recorder = recordingFetch();
    const first = transportFor(provider, recorder.fetch);
    await expect(newClient().connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
    if (!callback) throw new Error("the SDK did not send the person to the consent page");
    // The SDK leaves `state` to the caller: check it, as a client must, before redeeming the code.
    expect(callback.searchParams.get("state")).toBe(provider.states.at(-1));
    await first.finishAuth(callback.searchParams);
    await first.close();
    return { provider, callback, seen: recorder.seen };
  }

  it("discovers, registers, sends the person to the consent page, exchanges the code and calls a tool with their key", async () => {
    const { provider, callback, seen } = await signIn((url) => authorizeAsPerson(url.href, PERSON_KEY));

    // What the client did on its own: 401, resource metadata, authorization server metadata,
    // registration; then (after the person) the code for tokens.
    expect(seen).toEqual([
      "POST /mcp → 401",
      "GET /.well-known/oauth-protected-resource/mcp → 200",
      "GET /.well-known/oauth-authorization-server → 200",
      "POST /register → 201",
      "POST /token authorization_code → 200",
    ]);
    expect(provider.client).toMatchObject({ client_id: expect.any(String), issuer });
    const [sentTo] = provider.sentTo;
    expect(`${sentTo?.origin}${sentTo?.pathname}`).toBe(`${issuer}/authorize`);
    expect(Object.fromEntries(sentTo?.searchParams ?? [])).toMatchObject({
      response_type: "code",
      client_id: provider.client?.client_id,
      redirect_uri: REDIRECT,
      code_challenge_method: "S256",
      resource: server.url,
    });
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect(callback.searchParams.get("iss")).toBe(issuer);
    expect(provider.saved).toHaveLength(1);
    expect(provider.current).toMatchObject({
      token_type: expect.stringMatching(/^bearer$/i),
      refresh_token: expect.any(String),
      issuer,
    });
    expect(JSON.stringify(provider.current)).not.toContain(PERSON_KEY);

    const client = newClient();
    await client.connect(transportFor(provider));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("list_webhooks");
      await listWebhooksAs(client);
    } finally {
      await client.close();
    }
    for (const secret of [PERSON_KEY, provider.current?.access_token, provider.current?.refresh_token]) {
      expect(server.stderr()).not.toContain(secret);
    }
  });

  it("refreshes when the server refuses the access token, without sending the person back", async () => {
    const { provider } = await signIn((url) => authorizeAsPerson(url.href, PERSON_KEY));
    const first = provider.current as StoredOAuthTokens;
    // An access token the server no longer takes (as an expired one): one character changed.
    provider.current = { ...first, access_token: `${first.access_token.slice(0, -2)}AA` };

    const recorder = recordingFetch();
    const client = newClient();
    await client.connect(transportFor(provider, recorder.fetch));
    try {
      await listWebhooksAs(client);
    } finally {
      await client.close();
    }
    // Discovery state was kept, so the refresh goes straight to the token endpoint.
    expect(recorder.seen.slice(0, 3)).toEqual([
      "POST /mcp → 401",
      "POST /token refresh_token → 200",
      "POST /mcp → 200",
    ]);
    expect(provider.sentTo).toHaveLength(1);
    expect(provider.saved).toHaveLength(2);
    const refreshed = provider.current as StoredOAuthTokens;
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
  });

  it("rotates refresh tokens: once a successor was used, the older one is refused (refreshAuthorization)", async () => {
    const { provider } = await signIn((url) => authorizeAsPerson(url.href, PERSON_KEY));
    const { authorizationServerMetadata: metadata } = (await provider.discoveryState()) as OAuthDiscoveryState;
    const refresh = (refreshToken: string) =>
      refreshAuthorization(issuer, {
        metadata,
        clientInformation: provider.client as StoredOAuthClientInformation,
        refreshToken,
        resource: new URL(server.url),
      });
    const first = provider.current?.refresh_token as string;
    const second = await refresh(first);
    expect(second.refresh_token).toEqual(expect.any(String));
    const third = await refresh(second.refresh_token as string);
    expect(third.refresh_token).not.toBe(second.refresh_token);

    // The first token's successor has been used: presenting it is refused, and ends the family.
    const reused = await refresh(first).catch((error: unknown) => error);
    expect(reused).toBeInstanceOf(OAuthError);
    expect((reused as OAuthError).code).toBe("invalid_grant");
    const afterRevocation = await refresh(third.refresh_token as string).catch((error: unknown) => error);
    expect((afterRevocation as OAuthError).code).toBe("invalid_grant");
  });

  it("a mistyped key: v0 refuses it, the page says so and issues no code; the right key then works", async () => {
    let attempts: Awaited<ReturnType<typeof authorizeTryingKeys>> = [];
    fake.requests.length = 0;
    const { provider } = await signIn(async (url) => {
      attempts = await authorizeTryingKeys(url.href, [WRONG_KEY, PERSON_KEY]);
      return attempts.at(-1)?.location ?? "no redirect";
    });

    expect(attempts.map(({ status, location }) => [status, location === null])).toEqual([
      [200, true],
      [303, false],
    ]);
    expect(attempts[0]?.text).toMatch(/did not accept this key \(HTTP 401\)/);
    expect(attempts[0]?.text).not.toContain(WRONG_KEY);
    // Each key was checked once against v0, as typed.
    expect(fake.requests.map((request) => [request.method, request.url, request.headers.authorization])).toEqual([
      ["GET", "/v2/hooks", `Bearer ${WRONG_KEY}`],
      ["GET", "/v2/hooks", `Bearer ${PERSON_KEY}`],
    ]);

    const client = newClient();
    await client.connect(transportFor(provider));
    try {
      await listWebhooksAs(client);
    } finally {
      await client.close();
    }
    expect(server.stderr()).not.toContain(WRONG_KEY);
  });

  it("a person who only has a wrong key gets the page again and no code, so the client holds no token", async () => {
    let attempts: Awaited<ReturnType<typeof authorizeTryingKeys>> = [];
    const provider = new InMemoryProvider(async (url) => {
      attempts = await authorizeTryingKeys(url.href, [WRONG_KEY]);
    });
    await expect(newClient().connect(transportFor(provider))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ status: 200, location: null });
    expect(attempts[0]?.text).toMatch(/did not accept this key \(HTTP 401\)/);
    expect(provider.current).toBeUndefined();
  });
});
