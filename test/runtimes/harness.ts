// What the runtime tests share: the runner folder with the pinned runtimes, whether a runtime is
// there (skip elsewhere, fail in CI), a child process that prints the port it listens on, the
// MCP session every runtime must serve, and the MCP_HTTP_AUTH=oauth sign-in (workerd, edge-runtime).
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { expect, type TestContext } from "vitest";
import type { FakeV0 } from "../helpers/fake-v0.js";
import { rpcAnswer } from "../helpers/http-answer.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { toolCallInit } from "../helpers/mcp-http.js";
import { authorizeAsPerson } from "../helpers/oauth-consent.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const RUNNER = join(ROOT, "test", "runtimes", "runner");
export const DIST_FETCH = join(ROOT, "dist", "fetch.js");
export const EXAMPLES = join(ROOT, "examples");
export const TOKEN = "runtime-token-0123456789abcdef";
const SETUP = "run `node scripts/setup-runners.mjs` (part of `npm test`) to install test/runtimes/runner";

// --- Is the runtime there? -------------------------------------------------------------------------

export type Availability = { ok: true; path: string } | { ok: false; why: string; expected: boolean };

interface LockedPackage {
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

/** The runner's lockfile entries (what npm installs, and on which platforms), by package name. */
function lockedPackages(): Map<string, LockedPackage> {
  const lock = JSON.parse(readFileSync(join(RUNNER, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockedPackage>;
  };
  return new Map(
    Object.entries(lock.packages)
      .filter(([path]) => path.startsWith("node_modules/"))
      .map(([path, entry]) => [path.slice("node_modules/".length), entry]),
  );
}

function libc(): string {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return typeof report?.header?.glibcVersionRuntime === "string" ? "glibc" : "musl";
}

/** Whether npm installs a package with these os/cpu/libc fields on this machine. */
function installsHere(entry: LockedPackage): boolean {
  const matches = (list: string[] | undefined, value: string) =>
    list === undefined || (list.some((v) => !v.startsWith("!")) ? list.includes(value) : !list.includes(`!${value}`));
  return (
    matches(entry.os, process.platform) &&
    matches(entry.cpu, process.arch) &&
    (entry.libc === undefined || process.platform !== "linux" || matches(entry.libc, libc()))
  );
}

/** A file of the runner's (platform-independent) package, if it is installed. */
export function runnerFile(relative: string): Availability {
  const path = join(RUNNER, "node_modules", relative);
  if (existsSync(path)) return { ok: true, path };
  return { ok: false, why: `${relative} is not installed: ${SETUP}`, expected: true };
}

/**
 * A runtime binary that comes in one package per platform (`prefix` + platform, e.g. @deno/linux-x64-glibc),
 * if it is installed and answers `--version`. Where the lockfile has no such package for this
 * platform the runtime just does not exist here; where it has one, a missing or broken binary is
 * a broken setup (CI fails).
 */
export function platformBinary(prefix: string, binary: (pkg: string) => string): Availability {
  const candidates = [...lockedPackages()].filter(([name, entry]) => name.startsWith(prefix) && installsHere(entry));
  if (candidates.length === 0) {
    return { ok: false, why: `no ${prefix}* package installs on ${process.platform}-${process.arch}`, expected: false };
  }
  const [pkg] = candidates[0] as [string, LockedPackage];
  const path = join(RUNNER, "node_modules", binary(pkg));
  if (!existsSync(path)) return { ok: false, why: `${pkg} is not installed: ${SETUP}`, expected: true };
  const probe = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 20_000 });
  if (probe.status !== 0) {
    const why = probe.error?.message ?? (probe.stderr || probe.stdout || `exit ${probe.status ?? probe.signal}`);
    return { ok: false, why: `${path} does not run here: ${why.trim()}`, expected: true };
  }
  return { ok: true, path };
}

/**
 * The runtime's path, or the test skips saying why; in CI, a runtime that npm installs on this
 * platform but that is missing or broken fails the test instead.
 */
export function requireRuntime(ctx: TestContext, name: string, availability: Availability): string {
  if (!availability.ok) {
    if (process.env.CI && availability.expected) throw new Error(`${name} unavailable in CI: ${availability.why}`);
    ctx.skip(`${name} unavailable: ${availability.why}`);
  }
  return (availability as { path: string }).path;
}

export function warnIfMissing(name: string, availability: Availability): void {
  if (!availability.ok && !(process.env.CI && availability.expected)) {
    console.warn(`Skipping the ${name} runtime test: ${availability.why}`);
  }
}

// --- The package as a user installs it -----------------------------------------------------------

/**
 * A folder with `node_modules/v0-webhooks-mcp` linked to this repo, so `v0-webhooks-mcp/fetch`
 * resolves through the package's own `exports` to dist/fetch.js, as it does for a user. The
 * examples are copied in (or bundled from it) unchanged.
 */
export function fakeInstall(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "v0-webhooks-mcp-runtime-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules", "v0-webhooks-mcp"), "dir");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Bundles `entry` (a file, or source code resolved from the folder `resolveDir`) with esbuild, as a
 * platform's build bundles a function or Worker (wrangler and Vercel both use esbuild), importing
 * `v0-webhooks-mcp/fetch` from a `fakeInstall()` of this repo. Returns the bundle's code.
 */
export async function bundle(
  entry: { file: string } | { code: string; resolveDir: string },
  options: { format: "esm" | "iife"; conditions: string[] },
): Promise<string> {
  const install = fakeInstall();
  try {
    const result = await build({
      ...("file" in entry
        ? { entryPoints: [entry.file] }
        : { stdin: { contents: entry.code, resolveDir: entry.resolveDir, loader: "js" } }),
      bundle: true,
      write: false,
      format: options.format,
      platform: "neutral",
      target: "es2022",
      conditions: options.conditions,
      mainFields: ["module", "main"],
      nodePaths: [join(install.dir, "node_modules")],
      logLevel: "silent",
    });
    const [output] = result.outputFiles;
    if (!output) throw new Error("esbuild produced no output");
    return output.text;
  } finally {
    install.remove();
  }
}

// --- A server in a child process -------------------------------------------------------------------

export interface ChildServer {
  child: ChildProcessWithoutNullStreams;
  /** The origin it listens on, e.g. http://127.0.0.1:43567. */
  origin: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Spawns a server that prints a line with `http://127.0.0.1:<port>` or `listening on <port>` once
 * it listens, and resolves with its origin then; rejects if it exits first or prints nothing in
 * `timeoutMs`.
 */
export function startChild(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<ChildServer> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const server: Omit<ChildServer, "origin"> = {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void server.stop();
      reject(new Error(`${command} printed no port within ${options.timeoutMs ?? 15_000} ms:\n${output}`));
    }, options.timeoutMs ?? 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const port = /listening on (?:https?:\/\/127\.0\.0\.1:)?(\d+)/.exec(output)?.[1];
      if (port !== undefined) {
        clearTimeout(timer);
        resolve({ ...server, origin: `http://127.0.0.1:${port}` });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before it listened:\n${output}`));
    });
  });
}

// --- The session every runtime must serve ----------------------------------------------------------

export interface SessionConfig {
  label: string;
  /** The handler's environment (the server's variables). */
  env(): Record<string, string>;
  /** Checks after the session: the v0 API it used saw the calls. */
  check(): void;
}

/**
 * Every runtime runs the session twice: with the sandbox (an in-memory v0 API), and against `fake`,
 * a stateful fake v0 API on 127.0.0.1 (`useFakeV0({ otherwise: statefulHooks(TEST_KEY) })`), which
 * the runtime's outbound fetch must reach.
 */
export function sessionConfigs(fake: FakeV0): [string, SessionConfig][] {
  const configs: SessionConfig[] = [
    { label: "the sandbox", env: () => ({ MCP_HTTP_TOKEN: TOKEN, V0_SANDBOX: "1" }), check: () => {} },
    {
      label: "a fake v0 API on 127.0.0.1",
      env: () => ({ MCP_HTTP_TOKEN: TOKEN, V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl }),
      check: () => {
        const seen = fake.requests.map((request) => `${request.method} ${request.url}`);
        expect(seen).toEqual(expect.arrayContaining(["POST /v2/hooks", expect.stringMatching(/^GET \/v2\/hooks\/./)]));
      },
    },
  ];
  return configs.map((config) => [config.label, config]);
}

export type Send = (url: string, init: RequestInit) => Promise<Response>;

const META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "runtime-test", version: "1.0.0" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

/** One 2026-07-28 request, its headers as the revision asks. */
async function call(send: Send, url: string, id: number, method: string, params: Record<string, unknown> = {}) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${TOKEN}`,
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2026-07-28",
    "mcp-method": method,
  };
  if (method === "tools/call") headers["mcp-name"] = String(params.name);
  const response = await send(url, {
    method: "POST",
    headers,
    body: JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta: META } }),
  });
  const text = await response.clone().text();
  expect(response.status, `${method}: ${text.slice(0, 500)}`).toBe(200);
  const answer = await rpcAnswer(response);
  expect(answer.error, `${method}: ${text.slice(0, 500)}`).toBeUndefined();
  return answer.result as Record<string, unknown>;
}

interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

async function callTool(send: Send, url: string, id: number, name: string, args: Record<string, unknown>) {
  const result = (await call(send, url, id, "tools/call", { name, arguments: args })) as unknown as ToolResult;
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent ?? {};
}

/**
 * A whole session against the MCP endpoint `url`: server/discover, tools/list, create_webhook and
 * get_webhook of the webhook it created. `name` makes the webhook new, so `created` is true.
 */
export async function expectWholeSession(url: string, name: string, send: Send = fetch): Promise<void> {
  const discover = await call(send, url, 1, "server/discover");
  expect(discover.supportedVersions).toContain("2026-07-28");
  expect(discover.capabilities).toHaveProperty("tools");

  const list = (await call(send, url, 2, "tools/list")) as { tools: { name: string }[] };
  expect(list.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(["create_webhook", "get_webhook"]));

  const hook = { name, events: ["message.finished"], url: "https://my.app/hooks" };
  const created = await callTool(send, url, 3, "create_webhook", hook);
  expect(created).toMatchObject({ ...hook, created: true });
  expect(created.id).toEqual(expect.any(String));

  const got = await callTool(send, url, 4, "get_webhook", { webhookId: created.id });
  expect(got).toMatchObject({ id: created.id, url: hook.url, name });
}

// --- MCP_HTTP_AUTH=oauth: the whole sign-in through the fetch handler ------------------------------

export const OAUTH_SECRET = "runtime-oauth-secret-0123456789abcdef";
/** A loopback redirect, as Claude Code and VS Code register; the test never follows it. */
export const OAUTH_REDIRECT = "http://127.0.0.1:8976/callback";

/** The handler's environment in oauth mode: the origin it serves at is the issuer. */
export function oauthEnv(fake: FakeV0, publicUrl: string): Record<string, string> {
  return {
    MCP_HTTP_AUTH: "oauth",
    MCP_OAUTH_SECRET: OAUTH_SECRET,
    MCP_PUBLIC_URL: publicUrl,
    V0_API_BASE_URL: fake.baseUrl,
  };
}

export interface OAuthGrant {
  clientId: string;
  tokenEndpoint: string;
  /** The code the redirect carried (already redeemed) and the PKCE verifier it was redeemed with. */
  code: string;
  verifier: string;
  accessToken: string;
  refreshToken: string;
}

/** POST to the token endpoint, form-encoded; the answer and its JSON body. */
export async function tokenRequest(
  tokenEndpoint: string,
  params: Record<string, string>,
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(tokenEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** tools/call list_webhooks at 2026-07-28 with `bearer` (or none): the raw answer. */
export function listWebhooksWith(mcpUrl: string, bearer: string | undefined): Promise<Response> {
  return fetch(mcpUrl, toolCallInit("list_webhooks", {}, bearer));
}

/**
 * The sign-in a client and a person go through, against a fetch handler serving at `origin` with
 * MCP_HTTP_AUTH=oauth and MCP_PUBLIC_URL=origin: a 401 naming the resource metadata → the
 * resource and authorization server metadata → Dynamic Client Registration → the consent page,
 * filled with `v0Key` as a person would → the redirect with code, state and iss → the token
 * exchange → tools/call with the access token, which reaches `fake` (the v0 API) with `v0Key`.
 */
export async function expectOAuthSignIn(origin: string, v0Key: string, fake: FakeV0): Promise<OAuthGrant> {
  const mcpUrl = `${origin}/mcp`;
  const first = await listWebhooksWith(mcpUrl, undefined);
  expect(first.status).toBe(401);
  await first.body?.cancel();
  const metadataUrl = /resource_metadata="([^"]+)"/.exec(first.headers.get("www-authenticate") ?? "")?.[1];
  expect(metadataUrl).toBe(`${origin}/.well-known/oauth-protected-resource/mcp`);

  const resource = (await (await fetch(metadataUrl as string)).json()) as Record<string, unknown>;
  expect(resource).toMatchObject({ resource: mcpUrl, authorization_servers: [origin] });
  const as = (await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json()) as Record<string, string>;
  expect(as).toMatchObject({
    issuer: origin,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    registration_endpoint: `${origin}/register`,
  });

  const registered = await fetch(as.registration_endpoint as string, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "runtime test", redirect_uris: [OAUTH_REDIRECT] }),
  });
  expect(registered.status).toBe(201);
  const { client_id: clientId } = (await registered.json()) as { client_id: string };

  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(as.authorization_endpoint as string);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: OAUTH_REDIRECT,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: "runtime-state",
    resource: mcpUrl,
  }).toString();
  const location = new URL(await authorizeAsPerson(authorize.href, v0Key));
  expect(`${location.origin}${location.pathname}`).toBe(OAUTH_REDIRECT);
  expect(location.searchParams.get("state")).toBe("runtime-state");
  expect(location.searchParams.get("iss")).toBe(origin);
  const code = location.searchParams.get("code") ?? "";
  expect(code).not.toBe("");

  const exchanged = await tokenRequest(as.token_endpoint as string, {
    grant_type: "authorization_code",
    code,
    redirect_uri: OAUTH_REDIRECT,
    client_id: clientId,
    code_verifier: verifier,
    resource: mcpUrl,
  });
  expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
  expect(exchanged.headers.get("cache-control")).toMatch(/no-store/);
  expect(exchanged.body.token_type).toMatch(/^bearer$/i);
  expect(JSON.stringify(exchanged.body)).not.toContain(v0Key);
  const accessToken = exchanged.body.access_token as string;
  const refreshToken = exchanged.body.refresh_token as string;

  await expectToolCallReachesV0(mcpUrl, accessToken, v0Key, fake);
  return { clientId, tokenEndpoint: as.token_endpoint as string, code, verifier, accessToken, refreshToken };
}

/** tools/call with `accessToken` succeeds, and v0 got exactly one request for it, with `v0Key`. */
export async function expectToolCallReachesV0(
  mcpUrl: string,
  accessToken: string,
  v0Key: string,
  fake: FakeV0,
): Promise<void> {
  const before = fake.requests.length;
  const call = await listWebhooksWith(mcpUrl, accessToken);
  const text = await call.clone().text();
  expect(call.status, text.slice(0, 500)).toBe(200);
  const answer = await rpcAnswer(call);
  expect(answer.result, text.slice(0, 500)).toMatchObject({ structuredContent: { webhooks: expect.any(Array) } });
  expect((answer.result as ToolResult).isError, text.slice(0, 500)).toBeFalsy();
  expect(
    fake.requests.slice(before).map((request) => [request.method, request.url, request.headers.authorization]),
  ).toEqual([["GET", "/v2/hooks", `Bearer ${v0Key}`]]);
}
