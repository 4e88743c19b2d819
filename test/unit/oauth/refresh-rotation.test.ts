import { describe, expect, it } from "vitest";
import { rotate } from "../../../src/oauth/rotation.js";
import { GOOD_KEY, oauthFixture, obtainTokens, postForm, RESOURCE, refresh } from "../../helpers/oauth-fixture.js";

describe("refresh-token rotation", () => {
  it("issues a new access and refresh token on every use, for the same key", async () => {
    const fixture = oauthFixture();
    const { clientId, tokens } = await obtainTokens(fixture);
    const first = await refresh(fixture, clientId, tokens.refresh_token);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(first.body.access_token).not.toBe(tokens.access_token);
    const verified = await fixture.server.verifyAccessToken(first.body.access_token);
    expect(verified).toMatchObject({ ok: true, v0Key: GOOD_KEY, clientId });
    const second = await refresh(fixture, clientId, first.body.refresh_token);
    expect(second.status).toBe(200);
  });

  it("keeps the previous token good until its successor is first used (two refreshes at once)", async () => {
    const fixture = oauthFixture();
    const { clientId, tokens } = await obtainTokens(fixture);
    const [a, b] = await Promise.all([
      refresh(fixture, clientId, tokens.refresh_token),
      refresh(fixture, clientId, tokens.refresh_token),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // Either successor works; once one is used, the original is refused.
    const next = await refresh(fixture, clientId, b.body.refresh_token);
    expect(next.status).toBe(200);
    const stale = await refresh(fixture, clientId, tokens.refresh_token);
    expect(stale.status).toBe(400);
    expect(stale.body.error).toBe("invalid_grant");
  });

  it("revokes the whole family when a token is used again after its successor was used", async () => {
    const fixture = oauthFixture();
    const { clientId, tokens } = await obtainTokens(fixture);
    const gen2 = await refresh(fixture, clientId, tokens.refresh_token);
    const gen3 = await refresh(fixture, clientId, gen2.body.refresh_token);
    expect(gen3.status).toBe(200);
    // The original (generation 1) again: someone kept a copy.
    const replay = await refresh(fixture, clientId, tokens.refresh_token);
    expect(replay.status).toBe(400);
    expect(replay.body.error_description).toMatch(/revoked/);
    // Now nothing of this login works: not the newest refresh token, not its access token.
    expect((await refresh(fixture, clientId, gen3.body.refresh_token)).status).toBe(400);
    expect(await fixture.server.verifyAccessToken(gen3.body.access_token)).toEqual({
      ok: false,
      reason: "this login was revoked",
    });
    expect(fixture.logs.join("\n")).toMatch(/warn: token: a refresh token was used again after its successor/);
    expect(fixture.logs.join("\n")).not.toContain(GOOD_KEY);
  });

  it("does not touch other logins when one family is revoked", async () => {
    const fixture = oauthFixture();
    const one = await obtainTokens(fixture);
    const two = await obtainTokens(fixture);
    const gen2 = await refresh(fixture, one.clientId, one.tokens.refresh_token);
    await refresh(fixture, one.clientId, gen2.body.refresh_token);
    await refresh(fixture, one.clientId, one.tokens.refresh_token);
    expect((await refresh(fixture, two.clientId, two.tokens.refresh_token)).status).toBe(200);
  });

  it("refuses a refresh token of another client, and one presented as something else", async () => {
    const fixture = oauthFixture();
    const { clientId, tokens } = await obtainTokens(fixture);
    expect((await refresh(fixture, "another-client", tokens.refresh_token)).body.error).toBe("invalid_grant");
    expect((await refresh(fixture, clientId, tokens.access_token)).body.error).toBe("invalid_grant");
    // Neither refusal spent the token.
    expect((await refresh(fixture, clientId, tokens.refresh_token)).status).toBe(200);
  });

  it("takes a refresh without resource (Codex omits it) and refuses another resource", async () => {
    const fixture = oauthFixture();
    const { clientId, tokens } = await obtainTokens(fixture);
    const fields = { grant_type: "refresh_token", client_id: clientId, refresh_token: tokens.refresh_token };
    const other = await fixture.send(postForm("/token", { ...fields, resource: "https://other.example.com/mcp" }));
    expect(((await other.json()) as { error: string }).error).toBe("invalid_target");
    const same = await fixture.send(postForm("/token", { ...fields, resource: RESOURCE }));
    expect(same.status).toBe(200);
  });

  it("refuses a refresh token after 30 days", async () => {
    const fixture = oauthFixture();
    const { clientId, tokens } = await obtainTokens(fixture);
    fixture.clock.advance(30 * 24 * 3600 + 1);
    const late = await refresh(fixture, clientId, tokens.refresh_token);
    expect(late.body).toEqual({
      error: "invalid_grant",
      error_description: "the refresh token is not valid (expired)",
    });
  });

  it("revokes a login through /revoke (RFC 7009), answering 200 whatever the token", async () => {
    const fixture = oauthFixture();
    const { clientId, tokens } = await obtainTokens(fixture);
    const junk = await fixture.send(postForm("/revoke", { token: "junk", client_id: clientId }));
    expect(junk.status).toBe(200);
    const revoked = await fixture.send(postForm("/revoke", { token: tokens.refresh_token, client_id: clientId }));
    expect(revoked.status).toBe(200);
    expect((await fixture.server.verifyAccessToken(tokens.access_token)).ok).toBe(false);
    expect((await refresh(fixture, clientId, tokens.refresh_token)).status).toBe(400);
  });
});

describe("the rotation rule", () => {
  const family = (generation: number, rotatedFrom?: string) => ({
    generation,
    revoked: false,
    ...(rotatedFrom && { rotatedFrom }),
  });
  it.each([
    ["the newest generation", family(3, "t2"), { generation: 3, jti: "t3" }, { ok: true, issue: 4 }],
    ["the very token just rotated, again", family(3, "t2"), { generation: 2, jti: "t2" }, { ok: true, issue: 3 }],
    [
      "another token of the previous generation",
      family(3, "t2"),
      { generation: 2, jti: "t2-copy" },
      { ok: false, revoke: true },
    ],
    ["an older generation", family(3, "t2"), { generation: 1, jti: "t1" }, { ok: false, revoke: true }],
    // Another instance (its own store) issued it, or a write was lost: the store is behind, not the client.
    ["a newer generation than the store knows", family(3, "t2"), { generation: 5, jti: "t5" }, { ok: true, issue: 6 }],
    ["a revoked family", { generation: 3, revoked: true }, { generation: 3, jti: "t3" }, { ok: false, revoke: false }],
    ["a family the store forgot", undefined, { generation: 7, jti: "t7" }, { ok: true, issue: 8 }],
  ])("%s", (_what, state, presented, expected) => {
    expect(rotate(state, presented)).toMatchObject(expected);
  });

  it("remembers which token a rotation used", () => {
    expect(rotate(family(3, "t2"), { generation: 3, jti: "t3" })).toMatchObject({
      family: { generation: 4, revoked: false, rotatedFrom: "t3" },
    });
  });
});
