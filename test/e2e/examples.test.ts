// Each folder under examples/ installs as its README says (`npm install`, which takes
// v0-webhooks-mcp from this repository, `file:../..`, until the package is on npm) and serves a
// sandbox session through the installed package, `v0-webhooks-mcp/fetch` resolved through its
// exports. The platforms themselves (workerd, the Edge runtime) are test/runtimes/'s part; here
// the examples run on Node, which their Web-standard entries allow.
//
// Each example is copied, unchanged, into a temporary copy of the built repository (package.json
// and dist/, what `file:../..` links), and npm runs offline with --ignore-scripts: the root's
// `prepare` would build dist/ again, which the test run has already done.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { expectWholeSession, ROOT, startChild, TOKEN } from "../runtimes/harness.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const NPM = ["--offline", "--ignore-scripts", "--no-audit", "--no-fund"];
const SANDBOX = { MCP_HTTP_TOKEN: TOKEN, V0_SANDBOX: "1" };
/** devDependencies an offline install leaves out: tools for a platform's network, never the package. */
const PLATFORM_TOOLS: Record<string, string[]> = { cloudflare: ["wrangler"] };

type Handler = (url: string, init: RequestInit) => Promise<Response>;
/** How each example serves: its entry, loaded from the installed folder, as a fetch-style function. */
const SERVE: Record<string, (dir: string) => Promise<{ send: Handler; url: string; stop(): Promise<void> }>> = {
  // `npm start` is `node server.js`.
  node: async (dir) => {
    const server = await startChild(process.execPath, ["server.js"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", MCP_HTTP_PORT: "0", ...SANDBOX },
    });
    return { send: fetch, url: `${server.origin}/mcp`, stop: () => server.stop() };
  },
  // A Vercel Function: reads process.env when loaded.
  vercel: async (dir) => {
    for (const [name, value] of Object.entries(SANDBOX)) vi.stubEnv(name, value);
    const module = (await import(pathToFileURL(join(dir, "api", "mcp.js")).href)) as {
      default: (request: Request) => Promise<Response>;
    };
    return {
      send: (url, init) => module.default(new Request(url, init)),
      url: "http://localhost/mcp",
      stop: async () => {},
    };
  },
  // A Worker: its variables come as `env`.
  cloudflare: async (dir) => {
    const main = /^main = "([^"]+)"/m.exec(readFileSync(join(dir, "wrangler.toml"), "utf8"))?.[1] ?? "";
    const module = (await import(pathToFileURL(join(dir, main)).href)) as {
      default: { fetch(request: Request, env: Record<string, string>): Promise<Response> };
    };
    return {
      send: (url, init) => module.default.fetch(new Request(url, init), SANDBOX),
      url: "https://v0-webhooks-mcp.example.workers.dev/mcp",
      stop: async () => {},
    };
  },
};

const work: string[] = [];
afterAll(() => {
  for (const dir of work) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A copy of the built repository with this one example in it; returns the example's folder. */
function layOut(name: string): { repo: string; dir: string } {
  const repo = realpathSync(mkdtempSync(join(tmpdir(), "v0-webhooks-mcp-example-")));
  work.push(repo);
  cpSync(join(ROOT, "package.json"), join(repo, "package.json"));
  cpSync(join(ROOT, "dist"), join(repo, "dist"), { recursive: true });
  const dir = join(repo, "examples", name);
  cpSync(join(ROOT, "examples", name), dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  expect(Object.keys(manifest.devDependencies ?? {})).toEqual(PLATFORM_TOOLS[name] ?? []);
  delete manifest.devDependencies;
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  return { repo, dir };
}

const examples = readdirSync(join(ROOT, "examples"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe.each(examples)("examples/%s", (name) => {
  it("takes v0-webhooks-mcp from this repository, which `npm install` links, and serves a sandbox session", {
    timeout: 60_000,
  }, async () => {
    const serve = SERVE[name];
    expect(serve, `examples/${name}: add how it serves to SERVE in this test`).toBeDefined();
    const manifest = JSON.parse(readFileSync(join(ROOT, "examples", name, "package.json"), "utf8"));
    expect(manifest.dependencies).toEqual({ "v0-webhooks-mcp": "file:../.." });

    const { repo, dir } = layOut(name);
    execFileSync(npm, ["install", ...NPM], { cwd: dir, stdio: "pipe" });
    expect(realpathSync(join(dir, "node_modules", "v0-webhooks-mcp"))).toBe(repo);

    const server = await (serve as NonNullable<typeof serve>)(dir);
    try {
      await expectWholeSession(server.url, `examples/${name}`, server.send);
    } finally {
      await server.stop();
    }
  });
});

describe("examples/vercel before `vercel deploy`", () => {
  it("installs the package from a tarball in its folder, with the README's two commands", {
    timeout: 60_000,
  }, async () => {
    const { dir } = layOut("vercel");
    // As written in examples/vercel/README.md, plus the offline flags (the shell expands the glob).
    execFileSync(npm, ["pack", "../..", "--pack-destination", ".", ...NPM], { cwd: dir, stdio: "pipe" });
    const [tarball] = readdirSync(dir).filter((file) => /^v0-webhooks-mcp-.*\.tgz$/.test(file));
    execFileSync(npm, ["install", `./${tarball}`, ...NPM], { cwd: dir, stdio: "pipe" });
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(manifest.dependencies).toEqual({ "v0-webhooks-mcp": `file:${tarball}` });
    // A copy Vercel's build can install, not a link out of the folder.
    expect(realpathSync(join(dir, "node_modules", "v0-webhooks-mcp"))).toBe(
      join(dir, "node_modules", "v0-webhooks-mcp"),
    );

    const server = await (SERVE.vercel as NonNullable<(typeof SERVE)["vercel"]>)(dir);
    await expectWholeSession(server.url, "examples/vercel from a tarball", server.send);
  });
});
