import { configDefaults, defineConfig } from "vitest/config";

/**
 * The suites that need the nested runners (scripts/setup-runners.mjs: the conformance suite on
 * Node 22, workerd, Deno, Bun, the Python SDK), third-party clients, or a packed tarball installed
 * into empty folders. `npm test` leaves them out; `npm run test:all` (vitest.all.config.ts, what CI
 * runs) takes everything.
 */
export const FULL_ONLY = [
  "test/conformance/**",
  "test/runtimes/**",
  "test/clients/{ai-sdk,langchain,inspector-cli,python}*.test.ts",
  "test/e2e/{pack,packaging,readme-install,examples}.test.ts",
];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(process.env.V0_TEST_ALL === "1" ? [] : FULL_ONLY)],
    globalSetup: ["test/helpers/ensure-build.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // expect.poll waits for an event another process causes; on a loaded 2-core machine 1 s (the
    // default) was seen to run out before a fake v0 saw a request that did come.
    expect: { poll: { timeout: 10_000 } },
    // Quiet when green: a dot per test, and a test's console output only when it fails.
    silent: "passed-only",
    // In CI, also write a machine-readable report; .ci/run prints its totals as a plain closing line.
    reporters: process.env.CI ? ["dot", ["json", { outputFile: ".vitest-report.json" }]] : ["dot"],
  },
});
