import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "v0-webhooks-mcp-pack-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface PackInfo {
  filename: string;
  size: number;
  files: Array<{ path: string }>;
}

describe("the published package", () => {
  const [info] = JSON.parse(
    execFileSync(npm, ["pack", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8" }),
  ) as PackInfo[];

  it("is the bundled bin and the bundled fetch handler plus notices, with no runtime dependencies", () => {
    expect(info?.files.map((f) => f.path).sort()).toEqual([
      "LICENSE",
      "README.md",
      "SECURITY.md",
      "dist/THIRD_PARTY_NOTICES.md",
      "dist/fetch.d.ts",
      "dist/fetch.js",
      "dist/index.js",
      "package.json",
    ]);
    const manifest = JSON.parse(
      execFileSync("tar", ["-xOzf", join(work, info?.filename ?? ""), "package/package.json"], { encoding: "utf8" }),
    );
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ "v0-webhooks-mcp": "dist/index.js" });
    expect(manifest.exports["./fetch"]).toEqual({ types: "./dist/fetch.d.ts", default: "./dist/fetch.js" });
    expect(info?.size).toBeLessThanOrEqual(300 * 1024);
  });

  it("installs from the tarball into an empty folder, offline, and its bin answers", async () => {
    await installAndAsk(join(work, info?.filename ?? ""), "from-tarball");
  });

  // A git install runs `prepare` (the build): without it the package had no bin. This is what
  // `npm install github:<owner>/<repo>` and `npx github:<owner>/<repo>` do, from this very clone.
  it("installs from a git clone into an empty folder, offline, building its bin", { timeout: 120_000 }, async () => {
    await installAndAsk(`git+file://${root}`, "from-git");
  });
});

/** Installs `spec` into an empty app folder, offline, then speaks MCP to its bin over stdio. */
async function installAndAsk(spec: string, folder: string): Promise<void> {
  const app = join(work, folder);
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), '{"name":"app","version":"1.0.0","private":true}');
  execFileSync(npm, ["install", "--offline", "--no-audit", "--no-fund", spec], { cwd: app, stdio: "ignore" });
  expect(readdirSync(join(app, "node_modules")).filter((d) => !d.startsWith("."))).toEqual(["v0-webhooks-mcp"]);

  const bin = join(app, "node_modules", ".bin", "v0-webhooks-mcp");
  const child = spawn(bin, [], {
    cwd: app,
    env: { PATH: process.env.PATH ?? "", V0_SANDBOX: "1" },
    shell: process.platform === "win32",
  });
  const lines: string[] = [];
  let buffered = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    lines.push(...parts);
  });
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  send({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "pack-test", version: "1" } },
  });
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
  await expect.poll(() => lines.length, { timeout: 10_000 }).toBe(2);
  const [init, list] = lines.map((line) => JSON.parse(line));
  expect(init).toMatchObject({ id: 1, result: { serverInfo: { name: "v0-webhooks-mcp" } } });
  expect(list.result.tools).toHaveLength(5);
  child.stdin.end();
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(code).toBe(0);
}
