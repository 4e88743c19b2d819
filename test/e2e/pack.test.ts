import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
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
  const before = readFileSync(join(root, "package.json"), "utf8");
  const [info] = JSON.parse(
    execFileSync(npm, ["pack", "--json", "--pack-destination", work], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"], // prepack's build log, shown only if the pack fails
    }),
  ) as PackInfo[];
  const after = readFileSync(join(root, "package.json"), "utf8");
  const tarball = join(work, info?.filename ?? "");
  const manifest = JSON.parse(execFileSync("tar", ["-xOzf", tarball, "package/package.json"], { encoding: "utf8" }));

  it("is the bundled bin and the bundled fetch handler plus notices, with no runtime dependencies", () => {
    expect(info?.files.map((f) => f.path).sort()).toEqual([
      "LICENSE",
      "README.md",
      "SECURITY.md",
      "dist/THIRD_PARTY_NOTICES.md",
      "dist/config/errors.d.ts",
      "dist/fetch.d.ts",
      "dist/fetch.js",
      "dist/index.js",
      "dist/oauth/kv-store.d.ts",
      "dist/oauth/store.d.ts",
      "package.json",
    ]);
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ "v0-webhooks-mcp": "dist/index.js" });
    expect(manifest.exports["./fetch"]).toEqual({ types: "./dist/fetch.d.ts", default: "./dist/fetch.js" });
    // Both entries inline everything (no runtime dependencies), and they resolve the SDK under
    // different conditions (node; workerd/browser), so they cannot share a chunk. The cap was 300 KiB
    // until hosted mode became an OAuth authorization server: src/oauth and jose add about 60 KiB
    // packed (347 KiB on 2026-12-05). A jump past this cap means something new got bundled.
    expect(info?.size).toBeLessThanOrEqual(384 * 1024);
  });

  // `prepare` builds a clone and a git install; the tarball carries no source to build, and npm
  // warns about any install-time script a dependency declares. prepack strips it, postpack puts
  // package.json back as it was.
  it("declares no install-time script, and leaves the repository's package.json as it was", () => {
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => /^(pre|post)?(install|prepare)$/.test(name))).toEqual(
      [],
    );
    expect(after).toBe(before);
    expect(JSON.parse(after).scripts.prepare).toBe("node scripts/build.mjs");
  });

  it("installs from the tarball into an empty folder, offline, without a warning, and its bin answers", async () => {
    const { app, output } = install(tarball, "from-tarball");
    expect(output.split("\n").filter((line) => /warn/i.test(line))).toEqual([]);
    await ask(app);
  });

  // Consumers have neither the SDK nor zod: the declarations must stand on their own. A strict
  // project without skipLibCheck and without @types/node type-checks its use of the handler.
  it("types v0-webhooks-mcp/fetch for a TypeScript consumer that has nothing else installed", () => {
    const { app } = install(tarball, "typescript-consumer");
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2022", "DOM"],
          types: [],
          skipLibCheck: false,
          noEmit: true,
        },
        files: ["consumer.mts"],
      }),
    );
    writeFileSync(
      join(app, "consumer.mts"),
      [
        "import {",
        "  ConfigError,",
        "  createFetchHandler,",
        "  type Env,",
        "  type FetchEnv,",
        "  type FetchHandler,",
        "  type KvNamespaceLike,",
        '} from "v0-webhooks-mcp/fetch";',
        "declare const kv: KvNamespaceLike;",
        'export const bound: FetchEnv = { MCP_HTTP_AUTH: "oauth", MCP_OAUTH_KV: kv };',
        'const env: Env = { MCP_HTTP_TOKEN: "a-token-of-at-least-thirty-two-characters", V0_API_KEY: "v0-key" };',
        "const handler: FetchHandler = createFetchHandler(env);",
        'export const answer: Promise<Response> = handler(new Request("http://localhost/healthz"));',
        'export const refused: Error = new ConfigError("what to fix");',
        "// @ts-expect-error a KV binding is a namespace (and this line fails if the types were any)",
        'createFetchHandler({ MCP_OAUTH_KV: "not a namespace" });',
        "// @ts-expect-error the handler takes a Request",
        'handler("http://localhost/healthz");',
        "",
      ].join("\n"),
    );
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", app], { cwd: app, encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
    const dist = join(app, "node_modules", "v0-webhooks-mcp", "dist");
    const declarations = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".d.ts"));
    expect(declarations.length).toBeGreaterThan(0);
    for (const file of declarations) {
      const text = readFileSync(join(dist, file), "utf8");
      const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
      expect(
        specifiers.filter((s) => !s.startsWith(".")),
        file,
      ).toEqual([]);
    }
  });

  // A git install runs `prepare` (the build): without it the package had no bin. This is what
  // `npm install github:<owner>/<repo>` and `npx github:<owner>/<repo>` do, from this very clone.
  it("installs from a git clone into an empty folder, offline, building its bin", { timeout: 120_000 }, async () => {
    await ask(install(`git+file://${root}`, "from-git").app);
  });
});

/** Installs `spec` into an empty app folder, offline; returns the folder and what npm printed. */
function install(spec: string, folder: string): { app: string; output: string } {
  const app = join(work, folder);
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), '{"name":"app","version":"1.0.0","private":true}');
  const result = spawnSync(npm, ["install", "--offline", "--no-audit", "--no-fund", spec], {
    cwd: app,
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  expect(result.status, result.stderr).toBe(0);
  expect(readdirSync(join(app, "node_modules")).filter((d) => !d.startsWith("."))).toEqual(["v0-webhooks-mcp"]);
  return { app, output: `${result.stdout}${result.stderr}` };
}

/** Speaks MCP to the installed bin over stdio: initialize, then tools/list. */
async function ask(app: string): Promise<void> {
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
