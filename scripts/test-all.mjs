// @ts-check
// `npm run test:all`'s last step: vitest over every suite (V0_TEST_ALL=1 lifts vitest.config.ts's
// exclusions), set here rather than in the npm script so it works in every shell.
import { spawnSync } from "node:child_process";

const vitest = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, V0_TEST_ALL: "1" },
});
process.exit(vitest.status ?? 1);
