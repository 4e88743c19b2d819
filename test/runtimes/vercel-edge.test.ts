// dist/fetch.js on Vercel's Edge runtime: examples/vercel/api/mcp.js, unchanged, bundled with
// esbuild as Vercel bundles an Edge Function (its `v0-webhooks-mcp/fetch` import resolved through
// the package's exports to dist/fetch.js, with the edge-light condition), in `edge-runtime`
// (Vercel's own emulation of the Edge runtime: a V8 context with only the Web APIs). Vercel passes
// a function's environment variables as `process.env`, so the context gets a `process` with just
// `env`. The test (Node) is the client, over HTTP to edge-runtime's `runServer`. Each session runs
// with the sandbox and against a fake v0 API on 127.0.0.1.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, it } from "vitest";
import { useFakeV0 } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { statefulHooks } from "../helpers/stateful-v0.js";
import {
  bundle,
  EXAMPLES,
  expectWholeSession,
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
}

const EXAMPLE = join(EXAMPLES, "vercel");
/** How Vercel calls an Edge Function's default export: once per request, in the isolate's fetch event. */
const ENTRY = `import handler from "./api/mcp.js";
addEventListener("fetch", (event) => event.respondWith(handler(event.request)));
`;

const runtime = runnerFile("edge-runtime/package.json");
warnIfMissing("Vercel Edge (edge-runtime)", runtime);

const fake = useFakeV0({ otherwise: statefulHooks(TEST_KEY) });

describe.each(sessionConfigs(fake))("Vercel Edge (edge-runtime), with %s", (label, config) => {
  let server: Awaited<ReturnType<EdgeRuntimeModule["runServer"]>> | undefined;
  beforeAll(async () => {
    if (!runtime.ok) return;
    const entry = createRequire(join(RUNNER, "package.json")).resolve("edge-runtime");
    const { EdgeRuntime, runServer } = (await import(pathToFileURL(entry).href)) as EdgeRuntimeModule;
    const code = await bundle(
      { code: ENTRY, resolveDir: EXAMPLE },
      { format: "iife", conditions: ["edge-light", "worker", "browser"] },
    );
    const env = config.env();
    const edge = new EdgeRuntime({
      initialCode: code,
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
