import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/ensure-build.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // In CI, also write a machine-readable report; .ci/run prints its totals as a plain closing line.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".vitest-report.json" }]] : ["default"],
  },
});
