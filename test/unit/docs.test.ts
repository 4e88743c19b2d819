import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_DOCS, generatedDoc, manifestTools, root } from "../../scripts/docs.js";

const read = (file: string) => readFileSync(join(root, file), "utf8");

/** The Markdown files users read: the README and everything under docs/. */
const MARKDOWN = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

interface CodeBlock {
  lang: string;
  code: string;
}

/** Splits Markdown into its prose (fenced code blocks blanked out) and its fenced code blocks. */
function parse(markdown: string): { prose: string; blocks: CodeBlock[] } {
  const prose: string[] = [];
  const blocks: CodeBlock[] = [];
  let open: { indent: number; lang: string; lines: string[] } | undefined;
  for (const line of markdown.split("\n")) {
    const fence = /^(\s*)```(\S*)/.exec(line);
    if (fence && !open) {
      open = { indent: fence[1]?.length ?? 0, lang: fence[2] ?? "", lines: [] };
      prose.push("");
    } else if (fence && open) {
      blocks.push({ lang: open.lang, code: open.lines.join("\n") });
      open = undefined;
      prose.push("");
    } else if (open) {
      open.lines.push(line.slice(open.indent));
      prose.push("");
    } else {
      prose.push(line);
    }
  }
  return { prose: prose.join("\n"), blocks };
}

/** Every link target in Markdown prose: inline links and images, reference definitions, HTML href/src. */
function links(markdown: string): string[] {
  const prose = parse(markdown).prose.replace(/`[^`\n]*`/g, "");
  return [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? ""),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] ?? ""),
    ...[...prose.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? ""),
  ];
}

/** The anchors GitHub gives a Markdown file's headings. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, text = ""] of parse(markdown).prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = text
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .trim()
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

const isAbsolute = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

describe("the generated parts of the docs (run `npm run readme` to update them)", () => {
  it.each(Object.keys(GENERATED_DOCS))("%s: what the registry and the tests say", (file) => {
    const text = read(file);
    expect(text).toBe(generatedDoc(file, text));
  });

  it("manifest.json: the MCP Bundle's tool list is the registry's names and summaries", () => {
    expect((JSON.parse(read("manifest.json")) as { tools: unknown }).tools).toEqual(manifestTools());
  });
});

describe("README", () => {
  const readme = read("README.md");

  it("stays under 200 lines: details belong in docs/", () => {
    expect((readme.match(/\n/g) ?? []).length).toBeLessThan(200);
  });

  it("documents every environment variable the server reads", () => {
    const config = readdirSync(join(root, "src/config")).map((file) => `src/config/${file}`);
    const sources = [...config, "src/cli/help.ts"].map(read);
    const vars = new Set(sources.flatMap((s) => s.match(/\bV0_[A-Z_]+\b|\bMCP_[A-Z_]+\b/g) ?? []));
    expect(vars.size).toBeGreaterThan(3);
    for (const name of vars) expect(readme, name).toContain(`\`${name}\``);
  });

  it("links the v2 Platform API reference, never a v1 page", () => {
    expect(links(readme)).toContain("https://v0.app/docs/api/platform");
    for (const file of MARKDOWN) {
      const v0Links = links(read(file)).filter((target) => /^https?:\/\/([\w-]+\.)*v0\.(app|dev)(\/|$)/.test(target));
      for (const target of v0Links) expect(target, `${file} links ${target}`).not.toMatch(/(^|[/._-])v1([/._?#-]|$)/i);
    }
  });

  it("the VS Code install badge installs what the VS Code example configures", () => {
    const badge = links(readme).find((target) =>
      target.startsWith("https://insiders.vscode.dev/redirect/mcp/install?"),
    );
    expect(badge, "no VS Code install badge").toBeDefined();
    const params = new URL(badge ?? "").searchParams;
    const inputs = JSON.parse(params.get("inputs") ?? "[]") as Array<{ id: string; type: string; password?: boolean }>;
    expect(params.get("name")).toBe("v0-webhooks");
    expect(inputs).toEqual([expect.objectContaining({ type: "promptString", password: true })]);
    const input = `\${input:${inputs[0]?.id}}`;
    expect(JSON.parse(params.get("config") ?? "{}")).toEqual({
      command: "npx",
      args: ["-y", "v0-webhooks-mcp"],
      env: { V0_API_KEY: input },
    });
    const vscode = parse(readme).blocks.find((block) => block.lang === "json" && block.code.includes('"servers"'));
    expect(vscode?.code, "the .vscode/mcp.json example uses the badge's input").toContain(`"V0_API_KEY": "${input}"`);
    expect(vscode?.code).toContain(`"id": "${inputs[0]?.id}"`);
  });

  it("the entry it says clients take is mcp.json's", () => {
    const entry = parse(readme).blocks.find((block) => block.lang === "json" && block.code.includes('"mcpServers"'));
    expect(JSON.parse(entry?.code ?? "null")).toEqual(JSON.parse(read("mcp.json")));
  });

  it("the HTTP troubleshooting snippet runs: the sandbox server answers its initialize", {
    timeout: 30_000,
  }, async () => {
    const snippet = parse(readme).blocks.find((block) => block.lang === "sh" && /curl .*\/mcp/.test(block.code));
    expect(snippet, "no curl example against /mcp").toBeDefined();
    // As written, but on a free port rather than the default 8787, which something else may hold.
    const port = await freePort();
    const code = (snippet?.code ?? "").replaceAll(":8787", `:${port}`);
    const run = await runShell(code, { PATH: process.env.PATH ?? "", MCP_HTTP_PORT: String(port) }, 20_000);
    expect(run.code, run.output).toBe(0);
    const answer = /\{"result":.*\}/.exec(run.output)?.[0];
    expect(JSON.parse(answer ?? "null"), run.output).toMatchObject({
      result: { serverInfo: { name: "v0-webhooks-mcp" } },
      jsonrpc: "2.0",
      id: 1,
    });
  });
});

describe("docs/architecture.md and CONTRIBUTING.md describe the tree as it is", () => {
  const entries = (dir: string) => readdirSync(join(root, dir), { withFileTypes: true });
  const srcFolders = entries("src")
    .filter((entry) => entry.isDirectory())
    .map((entry) => `src/${entry.name}/`);
  const srcFiles = entries("src")
    .filter((entry) => entry.isFile())
    .map((entry) => `src/${entry.name}`);
  const testFolders = entries("test")
    .filter((entry) => entry.isDirectory())
    .map((entry) => `test/${entry.name}`);

  it("docs/architecture.md names every folder of src/ and test/, and every file at the top of src/", () => {
    const architecture = read("docs/architecture.md");
    expect(srcFolders.length).toBeGreaterThan(5);
    for (const path of [...srcFolders, ...srcFiles, ...testFolders]) expect(architecture, path).toContain(`\`${path}`);
  });

  it("CONTRIBUTING.md names every folder of src/ and test/", () => {
    const contributing = read("CONTRIBUTING.md");
    for (const path of [...srcFolders, ...testFolders]) expect(contributing, path).toContain(`\`${path}`);
  });
});

/** A TCP port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a shell snippet from the repository's root in its own process group, which is killed after it. */
async function runShell(code: string, env: Record<string, string>, timeoutMs: number) {
  const child = spawn("bash", ["-c", code], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const timer = setTimeout(() => process.kill(-(child.pid as number), "SIGKILL"), timeoutMs);
  const [exitCode] = (await once(child, "close")) as [number | null];
  clearTimeout(timer);
  try {
    process.kill(-(child.pid as number), "SIGKILL");
  } catch {
    // The group has already gone: the snippet stopped its server itself.
  }
  return { code: exitCode, output };
}

describe.each(MARKDOWN)("%s", (file) => {
  const text = read(file);

  it("has no relative link to a missing file or heading", () => {
    for (const target of links(text).filter((t) => !isAbsolute(t))) {
      const [path = "", anchor] = target.split("#");
      const resolved = path === "" ? join(root, file) : join(root, dirname(file), decodeURIComponent(path));
      expect(existsSync(resolved), `${file} links ${target}: ${relative(root, resolved)} does not exist`).toBe(true);
      if (anchor && resolved.endsWith(".md")) {
        expect([...anchors(readFileSync(resolved, "utf8"))], `${file} links ${target}: no such heading`).toContain(
          anchor,
        );
      }
    }
  });

  it("has JSON examples that parse and keep the key in env, never in args", () => {
    const argsIn = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap(argsIn)
        : value && typeof value === "object"
          ? Object.entries(value).flatMap(([key, inner]) =>
              key === "args" && Array.isArray(inner) ? inner.map(String) : argsIn(inner),
            )
          : [];
    for (const block of parse(text).blocks.filter((b) => b.lang === "json")) {
      for (const arg of argsIn(JSON.parse(block.code)))
        expect(arg).not.toMatch(/V0_API_KEY|api[-_]?key|your-v0|input:/i);
    }
  });
});
