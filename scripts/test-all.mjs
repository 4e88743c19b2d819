// @ts-check
// `npm run test:all`'s last step: vitest over every suite (V0_TEST_ALL=1 lifts vitest.config.ts's
// exclusions), set here rather than in the npm script so it works in every shell.
//
// Suites whose outcome a green run should still show in one line (the conformance suite: how many
// scenarios ran, how many failed as expected-failures.*.yaml says) append it to the file named by
// V0_TEST_SUMMARY; those lines are printed after vitest's own summary.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const work = mkdtempSync(join(tmpdir(), "v0-webhooks-mcp-test-all-"));
const summary = join(work, "summary.txt");
const vitest = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, V0_TEST_ALL: "1", V0_TEST_SUMMARY: summary },
  shell: process.platform === "win32",
});
if (existsSync(summary)) process.stdout.write(readFileSync(summary, "utf8"));
rmSync(work, { recursive: true, force: true });
process.exit(vitest.status ?? 1);
