// @ts-check
// `npm run readme`: regenerates the README's tools table, docs/clients.md's client snippets and the
// MCP Bundle manifest's tool list from the tool registry and the tests (scripts/docs.ts lists them
// in GENERATED_FILES). The unit test test/unit/docs.test.ts fails in CI when a file drifts from
// what this writes.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importTs } from "./run-ts.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const { GENERATED_FILES } = await importTs("scripts/docs.ts");
for (const [name, generate] of /** @type {Array<[string, (text: string) => string]>} */ (GENERATED_FILES)) {
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
