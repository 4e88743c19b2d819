// @ts-check
// `npm run readme`: regenerates the README's tools table and client snippets and the MCP Bundle
// manifest's tool list from the tool registry and the tests (scripts/docs.ts). The unit test
// test/unit/docs.test.ts fails in CI when a file drifts from what this writes.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
// Inside node_modules, so the bundle's package imports (zod) resolve.
const dir = mkdtempSync(join(root, "node_modules", ".docs-"));
try {
  const file = join(dir, "docs.mjs");
  await build({
    entryPoints: [join(root, "scripts/docs.ts")],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "warning",
    define: { "import.meta.url": JSON.stringify(pathToFileURL(join(root, "scripts/docs.ts")).href) },
  });
  const { generatedManifest, generatedReadme } = await import(pathToFileURL(file).href);
  for (const [name, generate] of [
    ["README.md", generatedReadme],
    ["manifest.json", generatedManifest],
  ]) {
    const path = join(root, name);
    const before = readFileSync(path, "utf8");
    const after = generate(before);
    if (after === before) {
      console.log(`${name}: up to date`);
      continue;
    }
    writeFileSync(path, after);
    // JSON files are kept in the formatter's layout.
    if (name.endsWith(".json")) spawnSync("npx", ["biome", "format", "--write", name], { cwd: root, stdio: "ignore" });
    console.log(`${name}: updated`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
