import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const fetchJs = fileURLToPath(new URL("../../dist/fetch.js", import.meta.url));

describe("the Web entry, as a deployer meets it", () => {
  it("a bad configuration throws a readable ConfigError: its real class name and message, no source dump", () => {
    const run = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { createFetchHandler } from ${JSON.stringify(fetchJs)}; createFetchHandler({});`,
      ],
      { encoding: "utf8" },
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/ConfigError: HTTP needs MCP_HTTP_TOKEN/);
    expect(run.stderr).not.toMatch(/^\w{1,3} \[ConfigError\]/m);
    expect(run.stderr.length).toBeLessThan(4_000);
  });
});
