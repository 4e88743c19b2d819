import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

/*
 * What each path of the bin loads, read off esbuild's module graph (the bundle is built the same
 * way). Start-up and memory depend on it (`npm run bench`): the entry point answers `initialize`
 * before anything heavy is evaluated, and a stdio session never evaluates the MCP SDK.
 */
const root = fileURLToPath(new URL("..", import.meta.url));

async function graph(): Promise<Metafile> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["src/index.ts"],
    bundle: true,
    write: false,
    outdir: "unused",
    platform: "node",
    format: "esm",
    metafile: true,
    logLevel: "silent",
    define: { __VERSION__: '"0.0.0-test"' },
  });
  return result.metafile;
}

/** Every module `entries` evaluate up front: static imports only, not `await import()`. */
function staticClosure(meta: Metafile, entries: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const input = meta.inputs[file];
    if (!input) throw new Error(`not in the graph: ${file}`);
    for (const imported of input.imports) {
      if (imported.kind !== "dynamic-import" && !imported.external) queue.push(imported.path);
    }
  }
  return [...seen].sort();
}

describe("the bin's module graph", () => {
  it("loads no package at start: the entry point's own imports are all our source", async () => {
    const start = staticClosure(await graph(), ["src/index.ts"]);
    expect(start.filter((file) => file.includes("node_modules"))).toEqual([]);
    expect(start).toContain("src/transports/stdio.ts");
    expect(start).not.toContain("src/runtime.ts");
  });

  it("does not load the MCP SDK for a stdio session, only for HTTP", async () => {
    const meta = await graph();
    const stdio = staticClosure(meta, ["src/index.ts", "src/runtime.ts"]);
    expect(stdio.filter((file) => file.includes("@modelcontextprotocol"))).toEqual([]);
    expect(stdio.some((file) => file.includes("node_modules/zod/"))).toBe(true);
    const http = staticClosure(meta, ["src/server.ts", "src/transports/http.ts"]);
    expect(http.some((file) => file.includes("@modelcontextprotocol/sdk"))).toBe(true);
  });

  it("loads node:http(s) with the first v0 request, not with the tools (tools/list comes first)", async () => {
    const tools = staticClosure(await graph(), ["src/index.ts", "src/runtime.ts"]);
    expect(tools).toContain("src/v0/client.ts");
    expect(tools).not.toContain("src/v0/http-send.ts");
  });

  it("ships a bundle that imports only node:module up front: built-ins load when first used", () => {
    // esbuild hoists every static import to the top of an ESM bundle; scripts/build.mjs turns the
    // built-ins into lazy requires so that https, http2, tls and crypto wait until used.
    const bundle = readFileSync(join(root, "dist", "index.js"), "utf8");
    const specifiers = [...bundle.matchAll(/\b(?:from|import)\s*"([^"]+)"/g)]
      .map((match) => match[1] as string)
      .filter((specifier) => /^[a-z@][\w@:/.-]*$/.test(specifier));
    expect([...new Set(specifiers)]).toEqual(["node:module"]);
  });
});
