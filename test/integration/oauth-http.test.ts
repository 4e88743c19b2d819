import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFetchHandler } from "../../src/fetch.js";
import type { KvNamespaceLike } from "../../src/oauth/index.js";
import type { FetchHandler } from "../../src/transports/http-handler.js";
import { json, oneKeyV0, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { rpcAnswer } from "../helpers/http-answer.js";
import { toolCallInit } from "../helpers/mcp-http.js";
import { authorizeAsPerson } from "../helpers/oauth-consent.js";

/*
 * The Web handler (src/fetch.ts) in MCP_HTTP_AUTH=oauth, in process: what the HTTP layer adds to
 * the authorization server (src/oauth, unit-tested on its own). Which tokens /mcp takes, which
 * paths skip the Origin rule, the KV binding, and what an agent is told when v0 later refuses the
 * key a person signed in with.
 */
const ORIGIN = "https://mcp.example.com";
const SECRET = "integration-secret-0123456789abcdefghij";
const PERSON_KEY = "v0_person_key_0123456789abcdef";
const REDIRECT = "https://claude.ai/api/mcp/auth_callback";
let v0Refuses = false;

const fake = useFakeV0({
  otherwise: oneKeyV0(() => (v0Refuses ? undefined : PERSON_KEY), json(200, webhook({ id: "hook_1" }))),
});

let logs: string[] = [];
beforeEach(() => {
  v0Refuses = false;
  logs = [];
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void logs.push(String(line)));
});
afterEach(() => {
  vi.restoreAllMocks();
});

function handler(extra: Record<string, unknown> = {}): FetchHandler {
  return createFetchHandler({
    MCP_HTTP_AUTH: "oauth",
    MCP_OAUTH_SECRET: SECRET,
    MCP_PUBLIC_URL: ORIGIN,
    V0_API_BASE_URL: fake.baseUrl,
    ...extra,
  });
}

/** DCR, consent with the person's key, and the code for tokens: the access and refresh tokens. */
async function signIn(handle: FetchHandler, origin = ORIGIN) {
  const send = (request: Request) => handle(request);
  const registered = await handle(
    new Request(`${origin}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Claude", redirect_uris: [REDIRECT] }),
    }),
  );
  const { client_id } = (await registered.json()) as { client_id: string };
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${origin}/authorize`);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id,
    redirect_uri: REDIRECT,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: "s",
    resource: `${origin}/mcp`,
  }).toString();
  const location = new URL(await authorizeAsPerson(url.href, PERSON_KEY, send));
  const answer = await handle(
    new Request(`${origin}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: location.searchParams.get("code") as string,
        redirect_uri: REDIRECT,
        client_id,
        code_verifier: verifier,
      }),
    }),
  );
  expect(answer.status).toBe(200);
  return { client_id, ...((await answer.json()) as { access_token: string; refresh_token: string }) };
}

function listWebhooks(bearer: string | undefined, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}/mcp`, toolCallInit("list_webhooks", {}, bearer, { headers }));
}

describe("MCP_HTTP_AUTH=oauth in the Web handler", () => {
  it("calls v0 with the key the person signed in with, and logs none of what they hold", async () => {
    const handle = handler();
    const tokens = await signIn(handle);
    fake.requests.length = 0;
    const answer = await rpcAnswer(await handle(listWebhooks(tokens.access_token)));
    expect(answer).toMatchObject({ result: { structuredContent: { webhooks: [] } } });
    expect(fake.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${PERSON_KEY}`]);
    const logged = logs.join("\n");
    for (const secret of [PERSON_KEY, tokens.access_token, tokens.refresh_token, SECRET]) {
      expect(logged).not.toContain(secret);
    }
  });

  it("refuses a token another deployment issued (another issuer and resource), even under the same secret", async () => {
    const other = createFetchHandler({
      MCP_HTTP_AUTH: "oauth",
      MCP_OAUTH_SECRET: SECRET,
      MCP_PUBLIC_URL: "https://other.example.com",
      V0_API_BASE_URL: fake.baseUrl,
    });
    const theirs = await signIn(other, "https://other.example.com");
    const mine = handler();
    fake.requests.length = 0;
    for (const bearer of [theirs.access_token, PERSON_KEY]) {
      const response = await mine(listWebhooks(bearer));
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe(
        `Bearer resource_metadata="${ORIGIN}/.well-known/oauth-protected-resource/mcp", error="invalid_token"`,
      );
    }
    expect(fake.requests).toEqual([]);
  });

  it("opens tokens sealed with an older secret after rotation, and refuses them once that secret is dropped", async () => {
    const OLD = "old-secret-0123456789abcdefghijklmnop";
    const tokens = await signIn(handler({ MCP_OAUTH_SECRET: OLD }));
    const rotated = handler({ MCP_OAUTH_SECRET: `${SECRET},${OLD}` });
    expect((await rotated(listWebhooks(tokens.access_token))).status).toBe(200);
    const dropped = handler({ MCP_OAUTH_SECRET: SECRET });
    expect((await dropped(listWebhooks(tokens.access_token))).status).toBe(401);
  });

  it("answers a request without a token 401 with the resource metadata and no error code (RFC 6750 §3.1)", async () => {
    const response = await handler()(listWebhooks(undefined));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${ORIGIN}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(fake.requests).toEqual([]);
  });

  it("serves the OAuth endpoints to a browser client from any origin, but keeps /mcp behind MCP_HTTP_ALLOWED_ORIGINS", async () => {
    const handle = handler();
    const metadata = await handle(
      new Request(`${ORIGIN}/.well-known/oauth-authorization-server`, {
        headers: { origin: "https://inspector.example" },
      }),
    );
    expect(metadata.status).toBe(200);
    const mcp = await handle(listWebhooks(undefined, { origin: "https://inspector.example" }));
    expect(mcp.status).toBe(403);
  });

  it("tells the agent to sign in again when v0 later refuses the key the person signed in with", async () => {
    const handle = handler();
    const tokens = await signIn(handle);
    v0Refuses = true;
    const answer = (await rpcAnswer(await handle(listWebhooks(tokens.access_token)))) as {
      result: { isError: boolean; content: { text: string }[] };
    };
    expect(answer.result.isError).toBe(true);
    expect(answer.result.content[0]?.text).toMatch(/v0 API error 401.*The v0 API key you signed in with was rejected/s);
    expect(answer.result.content[0]?.text).toMatch(/connect again/);
    expect(answer.result.content[0]?.text).not.toContain("V0_API_KEY");
  });

  it("keeps used codes and refresh-token families in a MCP_OAUTH_KV binding, shared by every handler (isolate)", async () => {
    const entries = new Map<string, string>();
    const kv: KvNamespaceLike = {
      get: async (key) => entries.get(key) ?? null,
      put: async (key, value) => void entries.set(key, value),
    };
    const first = handler({ MCP_OAUTH_KV: kv });
    const tokens = await signIn(first);
    expect([...entries.keys()].some((key) => key.startsWith("oauth:code:"))).toBe(true);
    // Another isolate, same binding: the refresh token works once there, and its reuse at the first one is caught.
    const second = handler({ MCP_OAUTH_KV: kv });
    const refresh = (handle: FetchHandler) =>
      handle(
        new Request(`${ORIGIN}/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: tokens.refresh_token,
            client_id: tokens.client_id,
          }),
        }),
      );
    const renewed = await refresh(second);
    expect(renewed.status).toBe(200);
    const { refresh_token: next } = (await renewed.json()) as { refresh_token: string };
    const successor = await first(
      new Request(`${ORIGIN}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: next, client_id: tokens.client_id }),
      }),
    );
    expect(successor.status).toBe(200);
    expect((await refresh(first)).status).toBe(400);
    expect(logs.join("\n")).not.toMatch(/without a MCP_OAUTH_KV binding/);
  });

  it("does not sign a person out when two instances with their own memory take turns refreshing", async () => {
    const a = handler();
    const b = handler();
    const tokens = await signIn(a);
    let refreshToken = tokens.refresh_token;
    for (const instance of [b, a, b, a]) {
      const answer = await instance(
        new Request(`${ORIGIN}/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: refreshToken,
            client_id: tokens.client_id,
          }),
        }),
      );
      expect(answer.status).toBe(200);
      refreshToken = ((await answer.json()) as { refresh_token: string }).refresh_token;
    }
  });

  it("says once that a handler without the binding remembers codes in its own isolate only", () => {
    handler();
    expect(logs.filter((line) => line.includes("without a MCP_OAUTH_KV binding"))).toHaveLength(1);
  });
});
