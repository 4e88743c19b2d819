import { createHash, randomBytes } from "node:crypto";
import {
  type AuthorizationServer,
  createAuthorizationServer,
  MemoryOAuthStore,
  type OAuthDeps,
  type OAuthSettings,
  type OAuthStore,
  type V0KeyCheck,
} from "../../src/oauth/index.js";
import { authorizeAsPerson } from "./oauth-consent.js";

/**
 * One authorization server for a unit test, driven through `handle()` with Request objects: a fake
 * v0 that takes GOOD_KEY only (and records every key it was asked about), an in-memory store, a
 * clock the test moves, and the log lines. No network.
 */
export const ISSUER = "https://mcp.example.com";
export const RESOURCE = `${ISSUER}/mcp`;
export const SECRET_A = "secret-A-0123456789abcdef0123456789abcdef";
export const SECRET_B = "secret-B-fedcba9876543210fedcba9876543210";
export const GOOD_KEY = "v0_good_key_0123456789abcdef";
export const CLAUDE_CALLBACK = "https://claude.ai/api/mcp/auth_callback";

export interface Fixture {
  server: AuthorizationServer;
  store: OAuthStore;
  clock: { now: number; advance(seconds: number): void };
  /** Every key the fake v0 was asked about, in order. */
  checkedKeys: string[];
  logs: string[];
  /** `handle()` that fails the test when the path is not one the server answers. */
  send(request: Request): Promise<Response>;
}

export function oauthFixture(
  options: {
    secrets?: string[];
    store?: OAuthStore;
    clock?: Fixture["clock"];
    fetchClientMetadata?: OAuthDeps["fetchClientMetadata"];
    checkV0Key?: OAuthDeps["checkV0Key"];
    accessTokenTtlSeconds?: number;
  } = {},
): Fixture {
  const clock = options.clock ?? {
    now: Date.UTC(2026, 0, 15, 12, 0, 0),
    advance(seconds: number) {
      this.now += seconds * 1000;
    },
  };
  const store = options.store ?? new MemoryOAuthStore({ now: () => clock.now });
  const checkedKeys: string[] = [];
  const logs: string[] = [];
  const settings: OAuthSettings = {
    issuer: ISSUER,
    resource: RESOURCE,
    secrets: options.secrets ?? [SECRET_A],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
  };
  const checkV0Key =
    options.checkV0Key ??
    (async (key: string): Promise<V0KeyCheck> => {
      checkedKeys.push(key);
      return key === GOOD_KEY ? { ok: true } : { ok: false, status: 401, reason: "Invalid API key" };
    });
  const server = createAuthorizationServer(settings, {
    store,
    checkV0Key,
    ...(options.fetchClientMetadata ? { fetchClientMetadata: options.fetchClientMetadata } : {}),
    now: () => clock.now,
    log: { info: (message) => logs.push(`info: ${message}`), warn: (message) => logs.push(`warn: ${message}`) },
  });
  const send = async (request: Request) => {
    const response = await server.handle(request);
    if (!response) throw new Error(`handle() did not answer ${request.method} ${request.url}`);
    return response;
  };
  return { server, store, clock, checkedKeys, logs, send };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function postJson(path: string, body: unknown): Request {
  return new Request(`${ISSUER}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export function postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${ISSUER}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });
}

/** Registers a client (DCR) and returns its client_id. */
export async function register(
  fixture: Fixture,
  metadata: Record<string, unknown> = { client_name: "Claude", redirect_uris: [CLAUDE_CALLBACK] },
): Promise<string> {
  const response = await fixture.send(postJson("/register", metadata));
  const body = (await response.json()) as { client_id?: string };
  if (response.status !== 201 || !body.client_id) throw new Error(`registration failed: ${JSON.stringify(body)}`);
  return body.client_id;
}

export function authorizeUrl(params: Record<string, string | undefined>): string {
  const url = new URL(`${ISSUER}/authorize`);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}

/** The usual authorization request of a registered client. */
export function codeRequest(clientId: string, challenge: string, extra: Record<string, string | undefined> = {}) {
  return authorizeUrl({
    client_id: clientId,
    redirect_uri: CLAUDE_CALLBACK,
    response_type: "code",
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: "state-123",
    resource: RESOURCE,
    ...extra,
  });
}

/** Register, consent with GOOD_KEY, and return the code with what it takes to redeem it. */
export async function obtainCode(fixture: Fixture, extra: Record<string, string | undefined> = {}) {
  const clientId = await register(fixture);
  const { verifier, challenge } = pkce();
  const location = new URL(await authorizeAsPerson(codeRequest(clientId, challenge, extra), GOOD_KEY, fixture.send));
  const code = location.searchParams.get("code");
  if (!code) throw new Error(`no code in ${location.href}`);
  return { clientId, verifier, code, location };
}

export interface Tokens {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
}

/** Redeems a code at /token; the JSON answer and the status. */
export async function redeem(fixture: Fixture, fields: Record<string, string>) {
  const response = await fixture.send(postForm("/token", { grant_type: "authorization_code", ...fields }));
  return { status: response.status, headers: response.headers, body: (await response.json()) as Tokens & Errorish };
}

export async function refresh(fixture: Fixture, clientId: string, refreshToken: string) {
  const response = await fixture.send(
    postForm("/token", { grant_type: "refresh_token", client_id: clientId, refresh_token: refreshToken }),
  );
  return { status: response.status, body: (await response.json()) as Tokens & Errorish };
}

export interface Errorish {
  error?: string;
  error_description?: string;
}

/** The whole flow: register, consent, redeem. */
export async function obtainTokens(fixture: Fixture): Promise<{ clientId: string; tokens: Tokens }> {
  const { clientId, verifier, code } = await obtainCode(fixture);
  const answer = await redeem(fixture, {
    client_id: clientId,
    code,
    code_verifier: verifier,
    redirect_uri: CLAUDE_CALLBACK,
  });
  if (answer.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(answer.body)}`);
  return { clientId, tokens: answer.body };
}
