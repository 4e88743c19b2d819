import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

/*
 * What each path of the bin loads, read off esbuild's module graph (the bundle is built the same
 * way, except that the build leaves ajv out): one MCP engine for both transports, and Node's
 * network modules only when v0 is first called.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));

async function graph(): Promise<Metafile> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["src/cli/index.ts"],
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

/** Every module `entries` evaluate up front (static imports only), or ever (`dynamic` too). */
function staticClosure(meta: Metafile, entries: string[], dynamic = false): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const input = meta.inputs[file];
    if (!input) throw new Error(`not in the graph: ${file}`);
    for (const imported of input.imports) {
      if ((dynamic || imported.kind !== "dynamic-import") && !imported.external) queue.push(imported.path);
    }
  }
  return [...seen].sort();
}

const closure = (meta: Metafile, entries: string[]) => staticClosure(meta, entries, true);

describe("the bin's module graph", () => {
  it("serves stdio and HTTP from one engine, SDK v2, and never loads SDK v1", async () => {
    const meta = await graph();
    const stdio = closure(meta, ["src/transports/stdio.ts", "src/mcp/server.ts"]);
    const http = closure(meta, ["src/transports/http.ts", "src/mcp/server.ts"]);
    for (const files of [stdio, http]) {
      expect(files.some((file) => file.includes("node_modules/@modelcontextprotocol/server/"))).toBe(true);
    }
    const everything = closure(meta, ["src/cli/index.ts"]);
    expect(everything.filter((file) => file.includes("@modelcontextprotocol/sdk/"))).toEqual([]);
  });

  it("ships a bundle without ajv: the SDK's JSON Schema validator is never used here", () => {
    const bundle = readFileSync(join(root, "dist", "index.js"), "utf8");
    // An option name that only ajv's code spells (it is all over the SDK's bundled ajv provider).
    expect(bundle).not.toContain("strictTypes");
  });

  it("loads node:http(s) with the first v0 request, not with the tools (tools/list comes first)", async () => {
    const tools = staticClosure(await graph(), ["src/cli/index.ts", "src/mcp/build-server.ts"]);
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

/** Every relative import of every file in src/, type-only ones included, as repo-relative paths. */
function sourceImports(): Map<string, string[]> {
  const imports = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith(".ts")) {
        const text = readFileSync(join(root, path), "utf8");
        const specifiers = [...text.matchAll(/\bfrom\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)].map(
          (match) => (match[1] ?? match[2]) as string,
        );
        imports.set(
          path,
          specifiers.map((specifier) =>
            specifier.startsWith(".") ? normalize(join(dirname(path), specifier)).replace(/\.js$/, ".ts") : specifier,
          ),
        );
      }
    }
  };
  walk("src");
  return imports;
}

describe("the layering of src/", () => {
  const imports = sourceImports();
  const importsOf = (prefix: string) =>
    [...imports].filter(([file]) => file.startsWith(prefix)).flatMap(([file, deps]) => deps.map((dep) => [file, dep]));

  it("keeps the v0 client free of MCP: src/v0 imports no MCP SDK, tools, transports, MCP layer or CLI", () => {
    const upward = importsOf("src/v0/").filter(([, dep]) =>
      /^(@modelcontextprotocol\/|src\/(mcp|tools|transports|cli|sandbox)\/)/.test(dep as string),
    );
    expect(upward).toEqual([]);
  });

  it("builds the sandbox on the HooksApi interface, not on the HTTP client", () => {
    const http = importsOf("src/sandbox/").filter(([, dep]) =>
      /^src\/v0\/(client|http-send|decode)\.ts$/.test(dep as string),
    );
    expect(http).toEqual([]);
  });

  it("keeps the tools on the HooksApi: no HTTP client, MCP layer, transports or CLI", () => {
    const upward = importsOf("src/tools/").filter(([, dep]) =>
      /^(@modelcontextprotocol\/|src\/(mcp|transports|cli)\/|src\/v0\/(client|http-send|decode)\.ts$)/.test(
        dep as string,
      ),
    );
    expect(upward).toEqual([]);
  });

  it("keeps the MCP layer off the CLI, and the transports off the MCP layer's internals", () => {
    const upward = [...importsOf("src/mcp/"), ...importsOf("src/transports/")].filter(([file, dep]) =>
      file?.startsWith("src/mcp/")
        ? /^src\/(cli|transports)\//.test(dep as string)
        : /^src\/(cli|tools|v0)\/|^src\/mcp\/(?!server\.ts)/.test(dep as string),
    );
    expect(upward).toEqual([]);
  });

  it("keeps the shared pieces (policy, text, process) below the MCP layer, the tools and the transports", () => {
    const upward = ["src/policy/", "src/text/", "src/process/"]
      .flatMap(importsOf)
      .filter(([, dep]) => /^(@modelcontextprotocol\/|src\/(mcp|tools|transports|cli)\/)/.test(dep as string));
    expect(upward).toEqual([]);
  });

  it("keeps the configuration layer pure: src/config reads settings and imports no MCP, tools, transports or CLI", () => {
    // Of src/oauth, only its types (and the secret length they state) may be read: not jose, not a server.
    const upward = importsOf("src/config/").filter(([, dep]) =>
      /^(node:|@modelcontextprotocol\/|src\/(mcp|tools|transports|cli)\/|src\/oauth\/(?!types\.ts$))/.test(
        dep as string,
      ),
    );
    expect(upward).toEqual([]);
  });

  it("keeps the Web entry (src/fetch.ts) and everything it loads free of Node built-ins and the CLI", () => {
    const seen = new Set<string>();
    const queue = ["src/fetch.ts"];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const dep of imports.get(file) ?? []) if (imports.has(dep)) queue.push(dep);
    }
    const offending = [...seen].flatMap((file) =>
      (imports.get(file) ?? [])
        .filter((dep) => /^node:|^src\/cli\/|^src\/transports\/(http|stdio|line-transport)\.ts$/.test(dep))
        .map((dep) => `${file} → ${dep}`),
    );
    expect(seen.has("src/config/server.ts")).toBe(true);
    expect(offending).toEqual([]);
  });

  it("has no import cycles", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const dep of imports.get(file) ?? []) if (imports.has(dep)) visit(dep, [...path, file]);
      state.set(file, "done");
    };
    for (const file of imports.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
