import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generatedReadme, manifestTools, root } from "../../scripts/docs.js";

const read = (file: string) => readFileSync(`${root}${file}`, "utf8");

describe("the generated parts of the docs (run `npm run readme` to update them)", () => {
  it("README: the tools table and the client snippets are what the registry and the tests say", () => {
    const readme = read("README.md");
    expect(readme).toBe(generatedReadme(readme));
  });

  it("manifest.json: the MCP Bundle's tool list is the registry's names and summaries", () => {
    expect((JSON.parse(read("manifest.json")) as { tools: unknown }).tools).toEqual(manifestTools());
  });
});

describe("README", () => {
  it("documents every environment variable the server reads", () => {
    const readme = read("README.md");
    const sources = ["src/cli/config.ts", "src/cli/help.ts"].map(read);
    const vars = new Set(sources.flatMap((s) => s.match(/\bV0_[A-Z_]+\b|\bMCP_[A-Z_]+\b/g) ?? []));
    expect(vars.size).toBeGreaterThan(3);
    for (const name of vars) expect(readme, name).toContain(`\`${name}\``);
  });
});
