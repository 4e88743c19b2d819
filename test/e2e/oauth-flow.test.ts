import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpBin, startHttpBin } from "../helpers/bin.js";
import { json, oneKeyV0, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { rpcAnswer } from "../helpers/http-answer.js";
import { toolCallInit } from "../helpers/mcp-http.js";
import { cookieHeader, readConsentForm } from "../helpers/oauth-consent.js";

/*
 * MCP_HTTP_AUTH=oauth on the built bin, step by step as a client and a person go through it, with
 * nothing but fetch: 401 → resource metadata → authorization server metadata → registration →
 * consent page → the person pastes their v0 key → redirect with code, state and iss → token →
 * tools/call, which reaches the fake v0 with that person's key. With TRANSCRIPTS_DIR set, every
 * exchange is written to oauth-flow.txt there (tokens shortened), for a person to read.
 */
const SECRET = "oauth-secret-0123456789abcdef0123456789";
const PERSON_KEY = "v0_person_key_0123456789abcdef";
const REDIRECT = "http://127.0.0.1:43111/callback";

const fake = useFakeV0({ otherwise: oneKeyV0(() => PERSON_KEY, json(200, webhook({ id: "hook_1" }))) });
let server: HttpBin;
let origin: string;
const transcript: string[] = [];

beforeAll(async () => {
  server = await startHttpBin({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET, V0_API_BASE_URL: fake.baseUrl });
  origin = new URL(server.url).origin;
});
afterAll(() => {
  server?.child.kill();
  const dir = process.env.TRANSCRIPTS_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "oauth-flow.txt"), transcript.join("\n"));
  }
});

/** fetch, recorded: the request line, the headers that matter, and the start of the body. */
async function step(label: string, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, { redirect: "manual", ...init });
  const body = await response.clone().text();
  const shown = [...response.headers]
    .filter(([name]) =>
      /^(location|www-authenticate|content-type|cache-control|set-cookie|content-security-policy|x-frame-options)$/.test(
        name,
      ),
    )
    .map(([name, value]) => `  ${name}: ${shorten(value)}`);
  transcript.push(
    `## ${label}`,
    `> ${init.method ?? "GET"} ${shorten(url)}`,
    ...(typeof init.body === "string" ? [`> ${shorten(init.body)}`] : []),
    `< ${response.status}`,
    ...shown,
    ...(body ? [`< ${shorten(body).slice(0, 6000)}`] : []),
    "",
  );
  return response;
}

/** Tokens and codes are long: the first 24 characters say enough in a transcript; the key is named, not shown. */
function shorten(text: string): string {
  return text
    .replaceAll(PERSON_KEY, "<the person's v0 key>")
    .replace(/eyJ[\w-]*\.[\w.-]+/g, (token) => `${token.slice(0, 24)}…(${token.length} chars)`);
}

const toolsCall = (bearer: string | undefined) => toolCallInit("list_webhooks", {}, bearer);

describe("MCP_HTTP_AUTH=oauth, the whole flow over HTTP", () => {
  it("goes from a 401 to a tool call that reaches v0 with the key the person pasted", async () => {
    // 1. The client calls /mcp without a token and learns where to sign in.
    const first = await step("tools/call without a token", server.url, toolsCall(undefined));
    expect(first.status).toBe(401);
    const challenge = first.headers.get("www-authenticate") ?? "";
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(metadataUrl).toBe(`${origin}/.well-known/oauth-protected-resource/mcp`);

    // 2. Discovery: the resource names its authorization server, whose metadata names the endpoints.
    const resource = (await (await step("protected resource metadata", metadataUrl as string)).json()) as {
      resource: string;
      authorization_servers: string[];
    };
    expect(resource).toMatchObject({ resource: server.url, authorization_servers: [origin] });
    const as = (await (
      await step("authorization server metadata", `${origin}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, string>;
    expect(as).toMatchObject({ issuer: origin, code_challenge_methods_supported: ["S256"] });

    // 3. Dynamic client registration, as Claude Code and VS Code do (a loopback redirect).
    const registered = await step("register", as.registration_endpoint as string, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "e2e client", redirect_uris: [REDIRECT] }),
    });
    expect(registered.status).toBe(201);
    const { client_id: clientId } = (await registered.json()) as { client_id: string };

    // 4. The person opens the authorization URL: one form, one password field.
    const verifier = randomBytes(32).toString("base64url");
    const authorize = new URL(as.authorization_endpoint as string);
    for (const [name, value] of Object.entries({
      response_type: "code",
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      state: "state-e2e",
      resource: server.url,
    })) {
      authorize.searchParams.set(name, value);
    }
    const page = await step("consent page", authorize.href);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toMatch(/no-store/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    const html = await page.text();
    const form = readConsentForm(html, authorize.href);
    expect(form.passwordFields).toHaveLength(1);
    expect(html).toContain("127.0.0.1");

    // 5. A key v0 refuses: the page again, with v0's reason, and no redirect.
    const submit = (key: string, cookie: string, hidden: [string, string][]) => {
      const body = new URLSearchParams(hidden);
      body.set(form.passwordFields[0] as string, key);
      const allow = form.buttons.find((button) => button.value === "allow");
      if (allow?.name) body.set(allow.name, allow.value);
      return step(`consent: submit ${key === PERSON_KEY ? "the person's key" : "a wrong key"}`, form.action, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "null", cookie },
        body: body.toString(),
      });
    };
    const refused = await submit("v0_wrong_key_0123456789", cookieHeader(page.headers), form.hidden);
    expect(refused.status).toBe(200);
    expect(refused.headers.get("location")).toBeNull();
    const again = await refused.text();
    expect(again).toMatch(/did not accept this key \(HTTP 401\)/);

    // 6. The right key: a redirect to the client with code, state and iss.
    const retryForm = readConsentForm(again, form.action);
    const accepted = await submit(
      PERSON_KEY,
      cookieHeader(refused.headers) || cookieHeader(page.headers),
      retryForm.hidden,
    );
    expect(accepted.status).toBe(303);
    const location = new URL(accepted.headers.get("location") as string);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get("state")).toBe("state-e2e");
    expect(location.searchParams.get("iss")).toBe(origin);
    const code = location.searchParams.get("code") as string;

    // 7. The code for tokens.
    const tokenResponse = await step("token", as.token_endpoint as string, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT,
        client_id: clientId,
        code_verifier: verifier,
        resource: server.url,
      }).toString(),
    });
    expect(tokenResponse.status).toBe(200);
    expect(tokenResponse.headers.get("cache-control")).toMatch(/no-store/);
    const tokens = (await tokenResponse.json()) as { access_token: string; refresh_token: string; token_type: string };
    expect(tokens.token_type).toMatch(/^bearer$/i);
    expect(JSON.stringify(tokens)).not.toContain(PERSON_KEY);

    // 8. The tool call, with the access token: v0 is called with the person's key.
    fake.requests.length = 0;
    const call = await step("tools/call with the access token", server.url, toolsCall(tokens.access_token));
    expect(await rpcAnswer(call)).toMatchObject({ result: { structuredContent: { webhooks: [] } } });
    expect(fake.requests.map((request) => [request.method, request.url, request.headers.authorization])).toEqual([
      ["GET", "/v2/hooks", `Bearer ${PERSON_KEY}`],
    ]);

    // 9. The raw key, or a token with one character changed, is not a token here.
    for (const bearer of [PERSON_KEY, `${tokens.access_token.slice(0, -2)}AA`]) {
      const denied = await fetch(server.url, toolsCall(bearer));
      expect(denied.status).toBe(401);
      expect(denied.headers.get("www-authenticate")).toMatch(/resource_metadata=".*", error="invalid_token"/);
    }

    // Nothing the person or the client holds reaches the log.
    for (const secret of [PERSON_KEY, tokens.access_token, tokens.refresh_token, code, SECRET]) {
      expect(server.stderr()).not.toContain(secret);
    }
  });
});
