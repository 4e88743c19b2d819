// dist/fetch.js on Bun (@oven/bun-linux-x64, the only Bun platform package the runner declares):
// test/runtimes/servers/bun.mjs serves it with Bun.serve on a free loopback port. The test (Node)
// is the client over HTTP. Each session runs with the sandbox and against a fake v0 API on
// 127.0.0.1, which Bun's fetch reaches.
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
const bun = platformBinary("@oven/bun-", (pkg) => join(pkg, "bin", process.platform === "win32" ? "bun.exe" : "bun"));
warnIfMissing("Bun", bun);

const fake = useFakeV0({ otherwise: statefulHooks(TEST_KEY) });

describe.each(sessionConfigs(fake))("Bun, with %s", (label, config) => {
  let server: ChildServer | undefined;
  beforeAll(async () => {
    if (!bun.ok) return;
    server = await startChild(bun.path, ["bun.mjs"], {
      cwd: SERVERS,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...config.env() },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("serves a whole session", async (ctx) => {
    requireRuntime(ctx, "Bun", bun);
    await expectWholeSession(`${server?.origin}/mcp`, `Bun, ${label}`);
    config.check();
  });
});
