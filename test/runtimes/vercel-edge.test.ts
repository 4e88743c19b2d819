// dist/fetch.js on Vercel's Edge runtime: examples/vercel/api/mcp.js, unchanged, bundled with
// esbuild as Vercel bundles an Edge Function (its `v0-webhooks-mcp/fetch` import resolved through
// the package's exports to dist/fetch.js, with the edge-light condition), in `edge-runtime`
// (Vercel's own emulation of the Edge runtime: a V8 context with only the Web APIs). Vercel passes
// a function's environment variables as `process.env`, so the context gets a `process` with just
// `env`. The test (Node) is the client, over HTTP to edge-runtime's `runServer`. Each session runs
// with the sandbox and against a fake v0 API on 127.0.0.1.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFakeV0 } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { statefulHooks } from "../helpers/stateful-v0.js";
import {
  bundle,
  EXAMPLES,
  expectOAuthSignIn,
  expectWholeSession,
  oauthEnv,
  RUNNER,
  requireRuntime,
  runnerFile,
  sessionConfigs,
  warnIfMissing,
} from "./harness.js";

/** What the test uses of edge-runtime's API. */
interface EdgeRuntimeModule {
  EdgeRuntime: new (options: {
    initialCode: string;
    extend: (context: Record<string, unknown>) => Record<string, unknown>;
  }) => unknown;
  runServer(options: {
    runtime: unknown;
    host: string;
    port: number;
  }): Promise<{ url: string; close(): Promise<void> }>;
  createHandler(options: { runtime: unknown }): {
    handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    waitUntil: () => Promise<unknown[]>;
  };
}

const EXAMPLE = join(EXAMPLES, "vercel");
/** How Vercel calls an Edge Function's default export: once per request, in the isolate's fetch event. */
const ENTRY = `import handler from "./api/mcp.js";
addEventListener("fetch", (event) => event.respondWith(handler(event.request)));
`;

const runtime = runnerFile("edge-runtime/package.json");
warnIfMissing("Vercel Edge (edge-runtime)", runtime);

/** edge-runtime, from the runner. */
async function loadEdgeRuntime(): Promise<EdgeRuntimeModule> {
  const entry = createRequire(join(RUNNER, "package.json")).resolve("edge-runtime");
  return (await import(pathToFileURL(entry).href)) as EdgeRuntimeModule;
}

/** The example function with Vercel's entry, bundled as Vercel bundles an Edge Function. */
function functionCode(): Promise<string> {
  return bundle(
    { code: ENTRY, resolveDir: EXAMPLE },
    { format: "iife", conditions: ["edge-light", "worker", "browser"] },
  );
}

const fake = useFakeV0({ otherwise: statefulHooks(TEST_KEY) });

describe.each(sessionConfigs(fake))("Vercel Edge (edge-runtime), with %s", (label, config) => {
  let server: Awaited<ReturnType<EdgeRuntimeModule["runServer"]>> | undefined;
  beforeAll(async () => {
    if (!runtime.ok) return;
    const { EdgeRuntime, runServer } = await loadEdgeRuntime();
    const env = config.env();
    const edge = new EdgeRuntime({
      initialCode: await functionCode(),
      extend: (context) => Object.assign(context, { process: { env } }),
    });
    server = await runServer({ runtime: edge, host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("serves a whole session", async (ctx) => {
    requireRuntime(ctx, "Vercel Edge (edge-runtime)", runtime);
    await expectWholeSession(new URL("/mcp", server?.url).href, `Vercel Edge, ${label}`);
    config.check();
  });
});

/*
 * MCP_HTTP_AUTH=oauth on the Edge runtime. The function builds its handler when the isolate loads,
 * from `process.env`, and MCP_PUBLIC_URL must be the origin it serves at: so the test listens
 * first (a node:http server on port 0, edge-runtime's own request handler), then loads the
 * function with that origin in its environment. No KV here: one isolate, the in-memory store.
 */
describe("Vercel Edge (edge-runtime), MCP_HTTP_AUTH=oauth", () => {
  let server: Server | undefined;
  let origin = "";
  let functionLog = "";
  beforeAll(async () => {
    if (!runtime.ok) return;
    const { EdgeRuntime, createHandler } = await loadEdgeRuntime();
    const listening = createServer();
    listening.listen(0, "127.0.0.1");
    await once(listening, "listening");
    server = listening;
    origin = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    const env = oauthEnv(fake, origin);
    const edge = new EdgeRuntime({
      initialCode: await functionCode(),
      extend: (context) =>
        Object.assign(context, {
          process: { env },
          // The function's log (console.error), kept to check that no key reaches it.
          console: {
            ...(context.console as Record<string, unknown>),
            error: (...args: unknown[]) => {
              functionLog += `${args.map(String).join(" ")}\n`;
            },
          },
        }),
    });
    const { handler } = createHandler({ runtime: edge });
    listening.on("request", (req: IncomingMessage, res: ServerResponse) => void handler(req, res));
  });
  afterAll(async () => {
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it("signs a person in at MCP_PUBLIC_URL: register, consent, token, and a tool call that reaches v0 with their key", async (ctx) => {
    requireRuntime(ctx, "Vercel Edge (edge-runtime)", runtime);
    const grant = await expectOAuthSignIn(origin, TEST_KEY, fake);
    expect(functionLog).toMatch(/OAuth: clients find how to sign in at /);
    for (const secret of [TEST_KEY, grant.accessToken, grant.refreshToken, grant.code]) {
      expect(functionLog).not.toContain(secret);
    }
  });
});
