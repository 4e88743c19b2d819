// The README's "Before the first npm release" table, run as written: each row's `command` and `args`
// (plus `--sandbox`) started by an MCP client over stdio, as a desktop client starts its config entry.
// Until the first release these rows are the only way in (`npx -y v0-webhooks-mcp` answers 404), so
// each must work. The placeholders become this clone: its dist/index.js, the tarball `npm pack`
// writes from it, and for `github:<owner>/<repo>` a git URL of this very clone at HEAD (npm clones
// it and runs `prepare`, the build, as it does from GitHub). npm runs offline, from its cache.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  repository: { url: string };
};
const work = mkdtempSync(join(tmpdir(), "v0-webhooks-mcp-readme-install-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The rows of the README's table under "### Before the first npm release": label, command, args. */
function rows(): Array<[string, string, string[]]> {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.split("### Before the first npm release")[1]?.split(/^#{2,3} /m)[0] ?? "";
  return [...section.matchAll(/^\| (.+?) \| `([^`]+)` \| `(\[.*\])` \|$/gm)].map((m) => [
    m[1] ?? "",
    m[2] ?? "",
    JSON.parse(m[3] ?? "[]") as string[],
  ]);
}

/** What each placeholder of the table stands for in this clone. */
function resolve(arg: string): string {
  const github = /^github:(.+)$/.exec(arg);
  if (github) {
    // The README names the repository package.json declares.
    expect(pkg.repository.url).toBe(`git+https://github.com/${github[1]}.git`);
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    // The commit makes npx's cache key new for each commit, so it never runs an older build.
    return `git+file://${root}#${head}`;
  }
  if (arg === "/absolute/path/to/v0-webhooks-mcp/dist/index.js") return join(root, "dist", "index.js");
  if (arg === `/absolute/path/to/${pkg.name}-<version>.tgz`) {
    // --ignore-scripts: `prepare` would build dist/ again, under the tests that are running it.
    const output = execFileSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const [packed] = JSON.parse(output) as Array<{ filename: string }>;
    // `npm pack` writes the file the README names.
    expect(packed?.filename).toBe(`${pkg.name}-${pkg.version}.tgz`);
    return join(work, packed?.filename ?? "");
  }
  if (arg.startsWith("/") || arg.includes("<"))
    throw new Error(`the README has a placeholder this test does not know: ${arg}`);
  return arg;
}

describe("the README's ways to run it before the first npm release", () => {
  const table = rows();

  it("lists the clone, the tarball and the GitHub repository", () => {
    expect(table.map(([label]) => label.split(/[ ,]/).slice(0, 2).join(" "))).toEqual([
      "the clone",
      "the tarball",
      "the GitHub",
    ]);
  });

  it.each(table)("%s: `%s` with those args starts the server", { timeout: 240_000 }, async (_label, command, args) => {
    const transport = new StdioClientTransport({
      command,
      args: [...args.map(resolve), "--sandbox"],
      // What a desktop client passes, plus npm's cache (HOME) and no network for npm.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? work, npm_config_offline: "true" },
      cwd: work,
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const client = new Client({ name: "readme-install", version: "1.0.0" });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("create_webhook");
      const listed = (await client.callTool({ name: "list_webhooks", arguments: {} })) as {
        content: Array<{ text?: string }>;
      };
      expect(listed.content[0]?.text, stderr).toMatch(/^\[SANDBOX/);
    } finally {
      await client.close();
    }
  });
});
