// dist/fetch.js on Cloudflare Workers: examples/cloudflare/src/worker.js, unchanged, bundled with
// esbuild as wrangler bundles it (its `v0-webhooks-mcp/fetch` import resolved through the package's
// exports to dist/fetch.js), in miniflare 3 (workerd, the Workers runtime) with the compatibility
// date of wrangler.toml and, like it, without nodejs_compat. The test (Node) is the client, over
// HTTP to miniflare's local URL. Each session runs with the sandbox and against a fake v0 API on 127.0.0.1,
// which the Worker's outbound fetch reaches.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFakeV0 } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { statefulHooks } from "../helpers/stateful-v0.js";
import {
  type Availability,
  bundle,
  EXAMPLES,
  expectOAuthSignIn,
  expectToolCallReachesV0,
  expectWholeSession,
  listWebhooksWith,
  OAUTH_REDIRECT,
  oauthEnv,
  platformBinary,
  RUNNER,
  requireRuntime,
  runnerFile,
  sessionConfigs,
  tokenRequest,
  warnIfMissing,
} from "./harness.js";

/** What the test uses of miniflare 3's API. */
interface Miniflare {
  ready: Promise<URL>;
  setOptions(options: Record<string, unknown>): Promise<void>;
  unsafeGetDirectURL(workerName?: string): Promise<URL>;
  getKVNamespace(binding: string, workerName?: string): Promise<KvNamespace>;
  dispose(): Promise<void>;
}
/** The part of a Workers KV namespace the test reads. */
interface KvNamespace {
  list(): Promise<{ keys: { name: string }[] }>;
  get(key: string): Promise<string | null>;
}
type MiniflareClass = new (options: Record<string, unknown>) => Miniflare;

const EXAMPLE = join(EXAMPLES, "cloudflare");
const wrangler = readFileSync(join(EXAMPLE, "wrangler.toml"), "utf8");
const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(wrangler)?.[1] ?? "";
const main = /^main\s*=\s*"([^"]+)"/m.exec(wrangler)?.[1] ?? "";

const miniflare = runnerFile("miniflare/package.json");
const workerd = platformBinary("@cloudflare/workerd-", (pkg) => join(pkg, "bin", "workerd"));
const runtime: Availability = miniflare.ok ? workerd : miniflare;
warnIfMissing("Cloudflare Workers (miniflare)", runtime);

/** miniflare's Miniflare class, from the runner. */
async function loadMiniflare(): Promise<MiniflareClass> {
  const entry = createRequire(join(RUNNER, "package.json")).resolve("miniflare");
  return ((await import(pathToFileURL(entry).href)) as { Miniflare: MiniflareClass }).Miniflare;
}

/** The example Worker, bundled as wrangler bundles it. */
function workerScript(): Promise<string> {
  return bundle({ file: join(EXAMPLE, main) }, { format: "esm", conditions: ["workerd", "worker", "browser"] });
}

const fake = useFakeV0({ otherwise: statefulHooks(TEST_KEY) });
describe.each(sessionConfigs(fake))("Cloudflare Workers (miniflare), with %s", (label, config) => {
  let mf: Miniflare | undefined;
  let url: URL | undefined;
  beforeAll(async () => {
    if (!runtime.ok) return;
    const Miniflare = await loadMiniflare();
    mf = new Miniflare({ modules: true, script: await workerScript(), compatibilityDate, bindings: config.env() });
    url = await mf.ready;
  }, 30_000);
  afterAll(async () => {
    await mf?.dispose();
  });

  it("serves a whole session", async (ctx) => {
    requireRuntime(ctx, "Cloudflare Workers (miniflare)", runtime);
    await expectWholeSession(new URL("/mcp", url).href, `Workers, ${label}`);
    config.check();
  });
});

/*
 * MCP_HTTP_AUTH=oauth in workerd, with the Workers KV namespace `MCP_OAUTH_KV` as the store. Two
 * Workers, "a" and "b", both the example Worker with the same variables and the same KV namespace:
 * two isolates, each building its own handler, as two Workers instances behind one hostname are.
 * "a" serves at miniflare's URL, which is MCP_PUBLIC_URL (known once miniflare listens, so the
 * variables are set again then, on the same port); "b" at a direct socket of its own.
 */
describe("Cloudflare Workers (miniflare), MCP_HTTP_AUTH=oauth with a Workers KV namespace", () => {
  let mf: Miniflare | undefined;
  let origin = "";
  let other = "";
  let workerLog = "";
  beforeAll(async () => {
    if (!runtime.ok) return;
    const Miniflare = await loadMiniflare();
    const script = await workerScript();
    const options = (publicUrl: string) => {
      const worker = (name: string) => ({
        name,
        modules: true,
        script,
        compatibilityDate,
        bindings: oauthEnv(fake, publicUrl),
        kvNamespaces: { MCP_OAUTH_KV: "oauth-store" },
      });
      return {
        host: "127.0.0.1",
        port: 0,
        handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
          for (const stream of [stdout, stderr]) {
            stream.setEncoding("utf8").on("data", (chunk: string) => {
              workerLog += chunk;
            });
          }
        },
        workers: [worker("a"), { ...worker("b"), unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] }],
      };
    };
    // Nothing is sent before the variables are complete: the Worker builds its handler on its first request.
    mf = new Miniflare(options("http://127.0.0.1:1"));
    origin = (await mf.ready).origin;
    await mf.setOptions(options(origin));
    expect((await mf.ready).origin, "miniflare moved to another port").toBe(origin);
    other = (await mf.unsafeGetDirectURL("b")).origin;
    expect(other).not.toBe(origin);
  }, 30_000);
  afterAll(async () => {
    await mf?.dispose();
  });

  it("signs a person in at MCP_PUBLIC_URL: register, consent, token, and a tool call that reaches v0 with their key", async (ctx) => {
    requireRuntime(ctx, "Cloudflare Workers (miniflare)", runtime);
    await expectOAuthSignIn(origin, TEST_KEY, fake);
  });

  it("keeps used codes and login families in KV, where the other isolate sees them", async (ctx) => {
    requireRuntime(ctx, "Cloudflare Workers (miniflare)", runtime);
    const kv = await (mf as Miniflare).getKVNamespace("MCP_OAUTH_KV", "a");
    const keysBefore = new Set((await kv.list()).keys.map((key) => key.name));
    const grant = await expectOAuthSignIn(origin, TEST_KEY, fake);

    // The store got, for this sign-in, the consent form (used up once submitted), the code (used
    // once redeemed) and the refresh-token family, the last two under one id; none holds the key.
    const added = (await kv.list()).keys.map((key) => key.name).filter((name) => !keysBefore.has(name));
    const id = /^oauth:code:([^:]+)$/.exec(added.find((name) => /^oauth:code:[^:]+$/.test(name)) ?? "")?.[1];
    expect(id, `new KV keys: ${JSON.stringify(added)}`).toBeDefined();
    expect(added).toHaveLength(3);
    expect(added).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^oauth:code:consent:[^:]+$/),
        `oauth:code:${id}`,
        `oauth:family:${id}`,
      ]),
    );
    for (const name of added) expect(await kv.get(name)).not.toContain(TEST_KEY);

    // The other isolate takes the tokens: a refresh there, and a tool call with what it issued.
    const refreshed = await tokenRequest(`${other}/token`, {
      grant_type: "refresh_token",
      refresh_token: grant.refreshToken,
      client_id: grant.clientId,
    });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    await expectToolCallReachesV0(`${other}/mcp`, refreshed.body.access_token as string, TEST_KEY, fake);
    expect(JSON.parse((await kv.get(`oauth:family:${id}`)) ?? "{}")).toMatchObject({ generation: 2, revoked: false });

    // The code, redeemed at "a", replayed at "b": "b" has never seen it, but KV has. The replay
    // revokes the login, and "a" then refuses the newest refresh token, which "b" issued.
    const replay = await tokenRequest(`${other}/token`, {
      grant_type: "authorization_code",
      code: grant.code,
      redirect_uri: OAUTH_REDIRECT,
      client_id: grant.clientId,
      code_verifier: grant.verifier,
    });
    expect(replay).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(replay.body.error_description).toMatch(/already used/);
    expect(JSON.parse((await kv.get(`oauth:family:${id}`)) ?? "{}")).toMatchObject({ revoked: true });
    const afterRevoke = await tokenRequest(`${origin}/token`, {
      grant_type: "refresh_token",
      refresh_token: refreshed.body.refresh_token as string,
      client_id: grant.clientId,
    });
    expect(afterRevoke).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(afterRevoke.body.error_description).toMatch(/revoked/);
    // Every /mcp request checks the sign-in in KV: both isolates refuse its access tokens now.
    for (const [mcpUrl, accessToken] of [
      [`${origin}/mcp`, refreshed.body.access_token as string],
      [`${other}/mcp`, grant.accessToken],
    ] as const) {
      const refused = await listWebhooksWith(mcpUrl, accessToken);
      expect(refused.status, mcpUrl).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
      await refused.body?.cancel();
    }

    // Two handlers answered: each isolate built its own (each logs where clients sign in, once).
    expect(workerLog.match(/OAuth: clients find how to sign in at /g) ?? []).toHaveLength(2);
    expect(workerLog).not.toContain(TEST_KEY);
  });
});
