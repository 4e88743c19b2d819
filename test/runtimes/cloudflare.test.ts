// dist/fetch.js on Cloudflare Workers: examples/cloudflare/src/worker.js, unchanged, bundled with
// esbuild as wrangler bundles it (its `v0-webhooks-mcp/fetch` import resolved through the package's
// exports to dist/fetch.js), in miniflare 3 (workerd, the Workers runtime) with the compatibility
// date of wrangler.toml and, like it, without nodejs_compat. The test (Node) is the client, over
// HTTP to miniflare's local URL. Each session runs with the sandbox and against a fake v0 API on 127.0.0.1,
// which the Worker's outbound fetch reaches.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, it } from "vitest";
import { useFakeV0 } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { statefulHooks } from "../helpers/stateful-v0.js";
import {
  type Availability,
  bundle,
  EXAMPLES,
  expectWholeSession,
  platformBinary,
  RUNNER,
  requireRuntime,
  runnerFile,
  sessionConfigs,
  warnIfMissing,
} from "./harness.js";

/** What the test uses of miniflare 3's API. */
interface Miniflare {
  ready: Promise<URL>;
  dispose(): Promise<void>;
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

const fake = useFakeV0({ otherwise: statefulHooks(TEST_KEY) });
describe.each(sessionConfigs(fake))("Cloudflare Workers (miniflare), with %s", (label, config) => {
  let mf: Miniflare | undefined;
  let url: URL | undefined;
  beforeAll(async () => {
    if (!runtime.ok) return;
    const entry = createRequire(join(RUNNER, "package.json")).resolve("miniflare");
    const { Miniflare } = (await import(pathToFileURL(entry).href)) as { Miniflare: MiniflareClass };
    mf = new Miniflare({
      modules: true,
      script: await bundle(
        { file: join(EXAMPLE, main) },
        { format: "esm", conditions: ["workerd", "worker", "browser"] },
      ),
      compatibilityDate,
      bindings: config.env(),
    });
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
