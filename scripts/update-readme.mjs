// @ts-check
// `npm run readme`: regenerates the README's tools table from the tool definitions.
// The same test fails in CI when the README drifts from the code.
import { spawnSync } from "node:child_process";

const result = spawnSync("npx", ["vitest", "run", "test/readme.test.ts"], {
  stdio: "inherit",
  env: { ...process.env, UPDATE_README: "1" },
  shell: process.platform === "win32",
});
process.exit(result.status ?? 1);
