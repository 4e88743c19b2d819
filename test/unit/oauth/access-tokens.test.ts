import { describe, expect, it } from "vitest";
import { createAuthorizationServer, MemoryOAuthStore } from "../../../src/oauth/index.js";
import { GOOD_KEY, oauthFixture, obtainTokens, RESOURCE, SECRET_A, SECRET_B } from "../../helpers/oauth-fixture.js";

/** Every dot-separated segment of a compact token, as text, base64url-decoded where it decodes. */
function decodedSegments(token: string): string[] {
  return token.split(".").flatMap((segment) => [segment, Buffer.from(segment, "base64url").toString("latin1")]);
}

describe("access tokens", () => {
  it("are JWE (dir, A256GCM) that never show the key, in any segment, encoded or decoded", async () => {
    const fixture = oauthFixture();
    const { tokens, clientId } = await obtainTokens(fixture);
    for (const token of [tokens.access_token, tokens.refresh_token, clientId]) {
      expect(token.split(".")).toHaveLength(5);
      for (const text of decodedSegments(token)) expect(text).not.toContain(GOOD_KEY);
    }
    const header = JSON.parse(Buffer.from(tokens.access_token.split(".")[0] ?? "", "base64url").toString());
    expect(header).toEqual({ alg: "dir", enc: "A256GCM", typ: "at+jwt", kid: expect.any(String) });
  });

  it("are refused when tampered with, expired, a refresh token, a raw v0 key, or junk", async () => {
    const fixture = oauthFixture();
    const { tokens } = await obtainTokens(fixture);
    const [h, k, iv, ciphertext = "", tag] = tokens.access_token.split(".");
    const flipped = `${ciphertext.slice(0, 10)}${ciphertext[10] === "A" ? "B" : "A"}${ciphertext.slice(11)}`;
    const cases: [string, RegExp][] = [
      [[h, k, iv, flipped, tag].join("."), /could not be decrypted/],
      [tokens.refresh_token, /could not be decrypted/],
      [GOOD_KEY, /not a token this server issued/],
      ["a.b.c.d.e", /not a token this server issued/],
      ["", /not a token this server issued/],
    ];
    for (const [token, reason] of cases) {
      const result = await fixture.server.verifyAccessToken(token);
      expect(result.ok, token.slice(0, 20)).toBe(false);
      expect(result.ok ? "" : result.reason).toMatch(reason);
    }
    fixture.clock.advance(3601);
    expect(await fixture.server.verifyAccessToken(tokens.access_token)).toEqual({ ok: false, reason: "expired" });
  });

  it("live as long as accessTokenTtlSeconds says", async () => {
    const fixture = oauthFixture({ accessTokenTtlSeconds: 600 });
    const { tokens } = await obtainTokens(fixture);
    expect(tokens.expires_in).toBe(600);
    fixture.clock.advance(599);
    expect((await fixture.server.verifyAccessToken(tokens.access_token)).ok).toBe(true);
    fixture.clock.advance(2);
    expect((await fixture.server.verifyAccessToken(tokens.access_token)).ok).toBe(false);
  });

  it("are refused by a server for another resource or another issuer, even with the same secret", async () => {
    const fixture = oauthFixture();
    const { tokens } = await obtainTokens(fixture);
    const deps = {
      store: new MemoryOAuthStore(),
      checkV0Key: async () => ({ ok: true }) as const,
      now: () => fixture.clock.now,
      log: { info() {}, warn() {} },
    };
    const base = { secrets: [SECRET_A], accessTokenTtlSeconds: 3600 };
    const otherResource = createAuthorizationServer(
      { ...base, issuer: "https://mcp.example.com", resource: "https://mcp.example.com/other" },
      deps,
    );
    expect(await otherResource.verifyAccessToken(tokens.access_token)).toEqual({
      ok: false,
      reason: "issued for another resource",
    });
    const otherIssuer = createAuthorizationServer(
      { ...base, issuer: "https://evil.example.com", resource: RESOURCE },
      deps,
    );
    expect(await otherIssuer.verifyAccessToken(tokens.access_token)).toEqual({
      ok: false,
      reason: "issued by another server",
    });
  });
});

describe("secret rotation", () => {
  it("opens tokens sealed with a secret still in the list, and seals new ones with the first", async () => {
    const clock = {
      now: Date.UTC(2026, 0, 15),
      advance(s: number) {
        this.now += s * 1000;
      },
    };
    const store = new MemoryOAuthStore({ now: () => clock.now });
    const before = oauthFixture({ secrets: [SECRET_A], clock, store });
    const { clientId, tokens } = await obtainTokens(before);

    const rotated = oauthFixture({ secrets: [SECRET_B, SECRET_A], clock, store });
    expect(await rotated.server.verifyAccessToken(tokens.access_token)).toMatchObject({ ok: true, v0Key: GOOD_KEY });
    const refreshed = await rotated.send(
      new Request("https://mcp.example.com/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "refresh_token",
          client_id: clientId,
          refresh_token: tokens.refresh_token,
        }),
      }),
    );
    expect(refreshed.status).toBe(200);
    const fresh = (await refreshed.json()) as { access_token: string };

    const after = oauthFixture({ secrets: [SECRET_B], clock, store });
    expect(await after.server.verifyAccessToken(tokens.access_token)).toEqual({
      ok: false,
      reason: "sealed with a secret that is not configured (rotated out?)",
    });
    expect((await after.server.verifyAccessToken(fresh.access_token)).ok).toBe(true);
  });
});
