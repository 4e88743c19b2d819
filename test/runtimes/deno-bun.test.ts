// dist/fetch.js on Deno (the `deno` npm package, @deno/<platform>) and Bun (@oven/bun-linux-x64, the
// only Bun platform package the runner declares): test/runtimes/servers/<runtime>.mjs serves it
// (Deno.serve, Bun.serve) on a free loopback port, and the test (Node) is the client over HTTP.
// Each session runs with the sandbox and against a fake v0 API on 127.0.0.1, which their fetch reaches.
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
const exe = (name: string) => (process.platform === "win32" ? `${name}.exe` : name);
const RUNTIMES: Array<{
  name: string;
  binary: ReturnType<typeof platformBinary>;
  args: string[];
  env: Record<string, string>;
}> = [
  {
    name: "Deno",
    binary: platformBinary("@deno/", (pkg) => join(pkg, exe("deno"))),
    args: ["run", "--allow-net=127.0.0.1", "--allow-env", "--no-prompt", "deno.mjs"],
    env: { DENO_NO_UPDATE_CHECK: "1" },
  },
  {
    name: "Bun",
    binary: platformBinary("@oven/bun-", (pkg) => join(pkg, "bin", exe("bun"))),
    args: ["bun.mjs"],
    env: {},
  },
];
for (const runtime of RUNTIMES) warnIfMissing(runtime.name, runtime.binary);

const fake = useFakeV0({ otherwise: statefulHooks(TEST_KEY) });

describe.each(RUNTIMES)("$name", (runtime) => {
  describe.each(sessionConfigs(fake))("with %s", (label, config) => {
    let server: ChildServer | undefined;
    beforeAll(async () => {
      if (!runtime.binary.ok) return;
      server = await startChild(runtime.binary.path, runtime.args, {
        cwd: SERVERS,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          NO_COLOR: "1",
          ...runtime.env,
          ...config.env(),
        },
      });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("serves a whole session", async (ctx) => {
      requireRuntime(ctx, runtime.name, runtime.binary);
      await expectWholeSession(`${server?.origin}/mcp`, `${runtime.name}, ${label}`);
      config.check();
    });
  });
});
