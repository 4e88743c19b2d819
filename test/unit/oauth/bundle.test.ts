import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));

describe("src/oauth bundles for Workers and browsers", () => {
  it("builds for the browser platform with no node: import, its own files using only Web APIs and jose", async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ["src/oauth/index.ts"],
      bundle: true,
      write: false,
      platform: "browser",
      format: "esm",
      metafile: true,
      logLevel: "silent",
    });
    const text = result.outputFiles[0]?.text ?? "";
    expect(text).not.toMatch(/\bfrom\s*["']node:|require\(["']node:|import\(["']node:/);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => /node_modules\/jose\//.test(file)).every((file) => file.includes("/webapi/"))).toBe(
      true,
    );
    const ours = inputs.filter((file) => file.startsWith("src/"));
    // Besides itself, only the destination policy (privateReason, isLoopbackHost) and the rule for
    // unsafe characters (src/text/inert.ts, client names), which are Web-only too.
    expect(
      ours.filter(
        (file) => !file.startsWith("src/oauth/") && !file.startsWith("src/policy/") && file !== "src/text/inert.ts",
      ),
    ).toEqual([]);
    for (const file of ours) {
      for (const imported of result.metafile.inputs[file]?.imports ?? []) expect(imported.path).not.toMatch(/^node:/);
    }
  });
});
