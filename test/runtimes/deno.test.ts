// dist/fetch.js on Deno (the `deno` npm package's binary, @deno/<platform>): test/runtimes/servers/deno.mjs
// serves it with Deno.serve on a free loopback port, with only the permissions it needs (net to
// 127.0.0.1, env). The test (Node) is the client over HTTP. Each session runs with the sandbox and
// against a fake v0 API on 127.0.0.1, which Deno's fetch reaches.
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { useFakeV0 } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { statefulHooks } from "../helpers/stateful-v0.js";
import {
  type ChildServer,
  expectWholeSession,
  platformBinary,
  ROOT,
  requireRuntime,
  sessionConfigs,
  startChild,
  warnIfMissing,
} from "./harness.js";

const SERVERS = join(ROOT, "test", "runtimes", "servers");
const deno = platformBinary("@deno/", (pkg) => join(pkg, process.platform === "win32" ? "deno.exe" : "deno"));
warnIfMissing("Deno", deno);

const fake = useFakeV0({ otherwise: statefulHooks(TEST_KEY) });

describe.each(sessionConfigs(fake))("Deno, with %s", (label, config) => {
  let server: ChildServer | undefined;
  beforeAll(async () => {
    if (!deno.ok) return;
    server = await startChild(deno.path, ["run", "--allow-net=127.0.0.1", "--allow-env", "--no-prompt", "deno.mjs"], {
      cwd: SERVERS,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        DENO_NO_UPDATE_CHECK: "1",
        NO_COLOR: "1",
        ...config.env(),
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("serves a whole session", async (ctx) => {
    requireRuntime(ctx, "Deno", deno);
    await expectWholeSession(`${server?.origin}/mcp`, `Deno, ${label}`);
    config.check();
  });
});
