import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod/v3";
import { generatedReadme, manifestTools, root } from "../../scripts/docs.js";
import { urlField } from "../../src/tools/fields.js";
import { allTools } from "../../src/tools/index.js";
import { defineTool } from "../../src/tools/tool.js";

/*
 * Adding a tool means: its file in src/tools/, one line in the registry (src/tools/index.ts), its
 * test file in test/integration/tools/, and `npm run readme` plus the snapshot update
 * (CONTRIBUTING.md). Each check below names the step that is missing.
 */
const toolsDir = join(root, "src/tools");
const toolFiles = readdirSync(toolsDir).filter((file) =>
  readFileSync(join(toolsDir, file), "utf8").includes("defineTool({"),
);
const fileOf = (name: string) => `${name.replace(/_/g, "-")}.ts`;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe("adding a tool", () => {
  it("finds the tool files", () => {
    expect(toolFiles.length).toBeGreaterThan(0);
  });

  it.each(toolFiles)("%s: is registered in src/tools/index.ts under its snake_case name", (file) => {
    const registered = allTools.map((tool) => fileOf(tool.name));
    expect(registered, `src/tools/${file} defines a tool: add it to allTools in src/tools/index.ts`).toContain(file);
  });

  it.each(allTools.map((tool) => [tool.name, tool] as const))("%s: has every piece in place", (name, tool) => {
    expect(existsSync(join(toolsDir, fileOf(name))), `its file is src/tools/${fileOf(name)}`).toBe(true);
    const testFile = `test/integration/tools/${fileOf(name).replace(/\.ts$/, ".test.ts")}`;
    expect(existsSync(join(root, testFile)), `it has no test file: add ${testFile}`).toBe(true);
    const snapshot = readFileSync(join(root, "test/integration/__snapshots__/tools-list.json"), "utf8");
    expect(
      snapshot,
      "the tools/list snapshot lacks it: run `npx vitest run test/integration/tools-list.test.ts -u`",
    ).toContain(`"name": "${name}"`);
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme, "the README's tools table lacks it: run `npm run readme`").toContain(`| \`${name}\` |`);
    expect(generatedReadme(readme) === readme, "the README's tools table is stale: run `npm run readme`").toBe(true);
    const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as { tools: unknown[] };
    expect(manifest.tools, "manifest.json's tools lack it: run `npm run readme`").toContainEqual(
      manifestTools().find((entry) => entry.name === name),
    );
    const fields = Object.keys(tool.inputSchema.shape);
    for (const field of tool.destinationFields ?? []) {
      expect(fields, `destinationFields names ${field}, which is not an input field`).toContain(field);
    }
    // Every webhook-URL input goes through the destination policy: the boundary checks what is listed.
    const shape = tool.inputSchema.shape as Record<string, { _def: { innerType?: unknown } }>;
    const urlFields = fields.filter((field) => shape[field] === urlField || shape[field]?._def.innerType === urlField);
    expect(tool.destinationFields ?? [], "list every urlField input in destinationFields").toEqual(
      expect.arrayContaining(urlFields),
    );
    expect(name, "tool names are snake_case verb_noun").toMatch(/^[a-z]+_[a-z_]+$/);
  });

  it("leaves every other file in src/ free of tool names: the registry is the one place that lists them", () => {
    const named = sourceFiles(join(root, "src"))
      .filter((file) => !file.startsWith(toolsDir))
      .flatMap((file) => {
        const text = readFileSync(file, "utf8");
        return allTools
          .filter((tool) => text.includes(tool.name))
          .map((tool) => `${relative(root, file)}: ${tool.name}`);
      });
    expect(named).toEqual([]);
  });
});

describe("a tool's definition says each thing once", () => {
  it("writes its title once: the annotations' title is derived from it", () => {
    for (const tool of allTools) expect(tool.annotations.title, tool.name).toBe(tool.title);
  });

  it("names fields as keys of its own input, so a misspelt one fails the type check (tsc, not only this test)", () => {
    const base = {
      name: "try_tool",
      title: "Try a tool",
      description: "d",
      summary: "s",
      inputSchema: z.object({ url: urlField, name: z.string().optional() }).strict(),
      outputSchema: z.object({}),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      annotationsWhy: "w",
      hints: { notFound: () => "n" },
      run: async () => ({}),
      summarize: () => "s",
    };
    // @ts-expect-error: "urll" is not an input field
    defineTool({ ...base, destinationFields: ["urll"] });
    // @ts-expect-error: "nam" is not an input field
    defineTool({ ...base, nullMeaningful: ["nam"] });
    // @ts-expect-error: "nme" is not an input field
    defineTool({ ...base, requireOneOf: ["nme"] });
    // @ts-expect-error: "chatid" is not a webhook field
    defineTool({ ...base, fieldHints: { chatid: "use chatId" } });
    // @ts-expect-error: url is an input of this tool, so a hint for it as an unknown field would never show
    defineTool({ ...base, fieldHints: { url: "never shown" } });
    // @ts-expect-error: the title is written once, outside the annotations
    defineTool({ ...base, annotations: { ...base.annotations, title: "Another title" } });
    const tool = defineTool({
      ...base,
      destinationFields: ["url"],
      requireOneOf: ["name"],
      fieldHints: { chatId: "h" },
    });
    expect(tool.annotations).toEqual({ title: "Try a tool", ...base.annotations });
    expect(tool.destinationFields).toEqual(["url"]);
  });
});
