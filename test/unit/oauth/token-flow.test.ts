import { describe, expect, it } from "vitest";
import { MemoryOAuthStore } from "../../../src/oauth/index.js";
import { authorizeAsPerson } from "../../helpers/oauth-consent.js";
import {
  CLAUDE_CALLBACK,
  codeRequest,
  GOOD_KEY,
  ISSUER,
  oauthFixture,
  obtainCode,
  pkce,
  postForm,
  RESOURCE,
  redeem,
  register,
} from "../../helpers/oauth-fixture.js";

describe("the authorization code grant (POST /token)", () => {
  it("turns a code into tokens with PKCE, and the access token stands for the key", async () => {
    const fixture = oauthFixture();
    const { clientId, verifier, code, location } = await obtainCode(fixture);
    expect(location.searchParams.get("iss")).toBe(ISSUER);
    const answer = await redeem(fixture, {
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: CLAUDE_CALLBACK,
      resource: RESOURCE,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.headers.get("pragma")).toBe("no-cache");
    expect(answer.body).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3600,
      refresh_token: expect.any(String),
    });
    const verified = await fixture.server.verifyAccessToken(answer.body.access_token);
    expect(verified).toEqual({
      ok: true,
      v0Key: GOOD_KEY,
      clientId,
      expiresAt: Math.floor(fixture.clock.now / 1000) + 3600,
    });
    expect(fixture.logs.join("\n")).not.toContain(GOOD_KEY);
  });

  it("takes the client_id as the user of HTTP Basic too (its password is ignored)", async () => {
    const fixture = oauthFixture();
    const { clientId, verifier, code } = await obtainCode(fixture);
    const basic = `Basic ${btoa(`${encodeURIComponent(clientId)}:`)}`;
    const response = await fixture.send(
      postForm(
        "/token",
        { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: CLAUDE_CALLBACK },
        { authorization: basic },
      ),
    );
    expect(response.status).toBe(200);
  });

  it("refuses a wrong code_verifier (invalid_grant), and the code still works with the right one", async () => {
    const fixture = oauthFixture();
    const { clientId, verifier, code } = await obtainCode(fixture);
    const wrong = await redeem(fixture, {
      client_id: clientId,
      code,
      code_verifier: pkce().verifier,
      redirect_uri: CLAUDE_CALLBACK,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe("invalid_grant");
    const right = await redeem(fixture, {
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: CLAUDE_CALLBACK,
    });
    expect(right.status).toBe(200);
  });

  it("refuses a code used twice, and revokes the tokens the first use got", async () => {
    const fixture = oauthFixture();
    const { clientId, verifier, code } = await obtainCode(fixture);
    const fields = { client_id: clientId, code, code_verifier: verifier, redirect_uri: CLAUDE_CALLBACK };
    const first = await redeem(fixture, fields);
    expect(first.status).toBe(200);
    const second = await redeem(fixture, fields);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe("invalid_grant");
    expect(second.body.error_description).toMatch(/already used/);
    expect(await fixture.server.verifyAccessToken(first.body.access_token)).toEqual({
      ok: false,
      reason: "this login was revoked",
    });
    const refreshed = await fixture.send(
      postForm("/token", { grant_type: "refresh_token", client_id: clientId, refresh_token: first.body.refresh_token }),
    );
    expect(refreshed.status).toBe(400);
    expect(fixture.logs.join("\n")).toMatch(/warn: token: a code was used twice by "Claude"/);
  });

  it("refuses a code after 60 seconds", async () => {
    const fixture = oauthFixture();
    const { clientId, verifier, code } = await obtainCode(fixture);
    fixture.clock.advance(61);
    const answer = await redeem(fixture, {
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: CLAUDE_CALLBACK,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: "invalid_grant", error_description: "the code is not valid (expired)" });
  });

  it("refuses another resource with invalid_target, and takes a missing one as the canonical", async () => {
    const fixture = oauthFixture();
    const { clientId, verifier, code } = await obtainCode(fixture);
    const fields = { client_id: clientId, code, code_verifier: verifier, redirect_uri: CLAUDE_CALLBACK };
    const other = await redeem(fixture, { ...fields, resource: "https://other.example.com/mcp" });
    expect(other.status).toBe(400);
    expect(other.body.error).toBe("invalid_target");
    expect((await redeem(fixture, fields)).status).toBe(200);
  });

  it("refuses a redirect_uri that is not the one used, a code of another client, and missing parameters", async () => {
    const fixture = oauthFixture();
    const { clientId, verifier, code } = await obtainCode(fixture);
    const base = { client_id: clientId, code, code_verifier: verifier, redirect_uri: CLAUDE_CALLBACK };
    const cases: [Record<string, string>, string][] = [
      [{ ...base, redirect_uri: "https://claude.com/api/mcp/auth_callback" }, "invalid_grant"],
      [{ client_id: clientId, code, code_verifier: verifier }, "invalid_grant"],
      [{ ...base, client_id: "someone-else" }, "invalid_grant"],
      [{ ...base, code: `${code.slice(0, -2)}xx` }, "invalid_grant"],
      [{ ...base, code_verifier: "too-short" }, "invalid_request"],
      [{ client_id: clientId, code_verifier: verifier }, "invalid_request"],
      [{ client_id: clientId, code }, "invalid_request"],
      [{ code, code_verifier: verifier }, "invalid_client"],
    ];
    for (const [fields, error] of cases) {
      const answer = await redeem(fixture, fields);
      expect(answer.status, JSON.stringify(fields)).toBe(400);
      expect(answer.body.error, JSON.stringify(fields)).toBe(error);
    }
    // None of them spent the code.
    expect((await redeem(fixture, base)).status).toBe(200);
  });

  it("needs the exact loopback port used at /authorize", async () => {
    const fixture = oauthFixture();
    const registered = "http://127.0.0.1:1111/callback";
    const used = "http://127.0.0.1:43210/callback";
    const clientId = await register(fixture, { client_name: "Claude Code", redirect_uris: [registered] });
    const { verifier, challenge } = pkce();
    const url = codeRequest(clientId, challenge, { redirect_uri: used });
    const code = new URL(await authorizeAsPerson(url, GOOD_KEY, fixture.send)).searchParams.get("code") ?? "";
    const wrongPort = await redeem(fixture, {
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: registered,
    });
    expect(wrongPort.body.error).toBe("invalid_grant");
    const rightPort = await redeem(fixture, { client_id: clientId, code, code_verifier: verifier, redirect_uri: used });
    expect(rightPort.status).toBe(200);
  });

  it("answers 500 server_error with no detail when the store fails, and logs only the error's name", async () => {
    const store = new MemoryOAuthStore();
    const fixture = oauthFixture({ store });
    const { clientId, verifier, code } = await obtainCode(fixture);
    store.useCode = async () => {
      throw new Error(`KV down while holding ${code}`);
    };
    const answer = await redeem(fixture, {
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: CLAUDE_CALLBACK,
    });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      error: "server_error",
      error_description: "the authorization server failed; try again",
    });
    expect(fixture.logs.at(-1)).toBe("warn: oauth: POST /token failed (Error)");
  });

  it("refuses an unknown grant type, a missing one, and a body that is not form-encoded", async () => {
    const fixture = oauthFixture();
    const unknown = await fixture.send(postForm("/token", { grant_type: "client_credentials", client_id: "x" }));
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toBe("unsupported_grant_type");
    const missing = await fixture.send(postForm("/token", { client_id: "x" }));
    expect(((await missing.json()) as { error: string }).error).toBe("invalid_request");
    const json = await fixture.send(
      new Request(`${ISSUER}/token`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
    );
    expect(json.status).toBe(415);
    expect(((await json.json()) as { error: string }).error).toBe("invalid_request");
  });
});
