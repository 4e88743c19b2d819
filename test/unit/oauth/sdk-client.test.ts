import { auth, type OAuthClientProvider } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { authorizeAsPerson } from "../../helpers/oauth-consent.js";
import { GOOD_KEY, ISSUER, oauthFixture, RESOURCE } from "../../helpers/oauth-fixture.js";

/**
 * The official TypeScript client's OAuth flow (SDK v2 `auth()`: discovery, registration, PKCE,
 * the iss check, the exchange, refresh) against `handle()`, with no network: its fetch goes to the
 * authorization server, and 404 for /mcp (which the HTTP handler serves, not this module).
 */
function provider(redirectUrl: string) {
  const saved: { client?: unknown; tokens?: { access_token: string; refresh_token?: string }; verifier?: string } = {};
  let authorizationUrl: URL | undefined;
  const client: OAuthClientProvider = {
    get redirectUrl() {
      return redirectUrl;
    },
    get clientMetadata() {
      return {
        client_name: "SDK v2 test client",
        redirect_uris: [redirectUrl],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      };
    },
    clientInformation: () => saved.client as never,
    saveClientInformation: (information) => {
      saved.client = information;
    },
    tokens: () => saved.tokens as never,
    saveTokens: (tokens) => {
      saved.tokens = tokens;
    },
    redirectToAuthorization: (url) => {
      authorizationUrl = url;
    },
    saveCodeVerifier: (verifier) => {
      saved.verifier = verifier;
    },
    codeVerifier: () => saved.verifier ?? "",
  };
  return { client, saved, authorizationUrl: () => authorizationUrl };
}

describe("the SDK v2 client's OAuth flow against the authorization server", () => {
  it("discovers, registers, is authorized by a person, exchanges the code, and refreshes", async () => {
    const fixture = oauthFixture();
    const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      return (await fixture.server.handle(request)) ?? new Response("not found", { status: 404 });
    };
    const { client, saved, authorizationUrl } = provider("http://127.0.0.1:45678/callback");

    expect(await auth(client, { serverUrl: RESOURCE, fetchFn })).toBe("REDIRECT");
    const url = authorizationUrl();
    expect(url?.origin).toBe(ISSUER);
    expect(url?.searchParams.get("resource")).toBe(RESOURCE);
    expect(url?.searchParams.get("code_challenge_method")).toBe("S256");

    const callback = new URL(await authorizeAsPerson(url?.href ?? "", GOOD_KEY, fixture.send));
    expect(`${callback.origin}${callback.pathname}`).toBe("http://127.0.0.1:45678/callback");
    const code = callback.searchParams.get("code") ?? "";
    const iss = callback.searchParams.get("iss") ?? "";
    expect(await auth(client, { serverUrl: RESOURCE, fetchFn, authorizationCode: code, iss })).toBe("AUTHORIZED");

    const first = saved.tokens;
    expect(await fixture.server.verifyAccessToken(first?.access_token ?? "")).toMatchObject({
      ok: true,
      v0Key: GOOD_KEY,
    });
    // With a refresh token in hand, the next auth() refreshes instead of asking the person again.
    expect(await auth(client, { serverUrl: RESOURCE, fetchFn })).toBe("AUTHORIZED");
    expect(saved.tokens?.refresh_token).not.toBe(first?.refresh_token);
    expect(fixture.checkedKeys).toEqual([GOOD_KEY]);
  });
});
