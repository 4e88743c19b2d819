// dist/fetch.js on Node: called in-process with `new Request`, and behind node:http as
// examples/node/server.js serves it (run unchanged, with `v0-webhooks-mcp/fetch` resolved through
// the package's exports). Each drives a whole 2026-07-28 session, with the sandbox and against a
// fake v0 API on 127.0.0.1.
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { FetchHandler } from "../../dist/fetch.js";
import { useFakeV0 } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { statefulHooks } from "../helpers/stateful-v0.js";
import {
  type ChildServer,
  DIST_FETCH,
  EXAMPLES,
  expectWholeSession,
  fakeInstall,
  sessionConfigs,
  startChild,
} from "./harness.js";

const fake = useFakeV0({ otherwise: statefulHooks(TEST_KEY) });

describe.each(sessionConfigs(fake))("Node, in-process, with %s", (label, config) => {
  it("serves a whole session", async () => {
    const { createFetchHandler } = (await import(pathToFileURL(DIST_FETCH).href)) as {
      createFetchHandler: (env: Record<string, string>) => FetchHandler;
    };
    const handle = createFetchHandler(config.env());
    await expectWholeSession("http://localhost/mcp", `Node in-process, ${label}`, (url, init) =>
      handle(new Request(url, init)),
    );
    config.check();
  });
});

describe.each(sessionConfigs(fake))("Node, examples/node/server.js, with %s", (label, config) => {
  let install: ReturnType<typeof fakeInstall> | undefined;
  let server: ChildServer | undefined;
  beforeAll(async () => {
    install = fakeInstall();
    copyFileSync(join(EXAMPLES, "node", "server.js"), join(install.dir, "server.js"));
    copyFileSync(join(EXAMPLES, "node", "package.json"), join(install.dir, "package.json"));
    server = await startChild(process.execPath, ["server.js"], {
      cwd: install.dir,
      env: { PATH: process.env.PATH ?? "", MCP_HTTP_PORT: "0", ...config.env() },
    });
  });
  afterAll(async () => {
    await server?.stop();
    install?.remove();
  });

  it("serves a whole session", async () => {
    await expectWholeSession(`${server?.origin}/mcp`, `Node server, ${label}`);
    config.check();
  });
});
