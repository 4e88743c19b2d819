// @ts-check
// Runs a TypeScript module of this repository from a plain `node` script (Node 20 runs no TS): it
// is bundled with esbuild into node_modules (so its package imports resolve) and imported.
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * @param {string} entry a path relative to the repository root, e.g. "scripts/docs.ts"
 * @returns {Promise<Record<string, any>>} the module's exports
 */
export async function importTs(entry) {
  const dir = mkdtempSync(join(root, "node_modules", ".run-ts-"));
  try {
    const file = join(dir, "module.mjs");
    await build({
      entryPoints: [join(root, entry)],
      outfile: file,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "warning",
      // The module finds files relative to where it is written, not to the bundle.
      define: { "import.meta.url": JSON.stringify(pathToFileURL(join(root, entry)).href) },
    });
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
