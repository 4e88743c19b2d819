import type { Tool as McpTool } from "@modelcontextprotocol/server";
import type { Tool } from "../tools/tool.js";
import { toJsonSchema } from "./to-json-schema.js";

/**
 * Set by the bundler (scripts/build.mjs): `describeTools(allTools)`, computed by this very module
 * at build time, as JSON text (a string literal, so esbuild folds the `typeof` below and drops the
 * converting branch). Tests and tsc output run without it and convert the schemas here.
 */
declare const __TOOLS_LIST__: string | undefined;

const described = new WeakMap<readonly Tool[], McpTool[]>();

/**
 * The tools as tools/list advertises them, their JSON Schemas generated from the zod schemas by
 * zod-to-json-schema (once per list of tools).
 *
 * In the bundles the schemas come from the build's own run of this function: the branch that
 * converts them is dead code there, so neither zod-to-json-schema nor a conversion before the
 * first tools/list answer ships. test/integration/tools-list.test.ts checks that the bin
 * advertises exactly what this function generates from source.
 */
export function describeTools(tools: readonly Tool[]): McpTool[] {
  const cached = described.get(tools);
  if (cached) return cached;
  const list = typeof __TOOLS_LIST__ === "undefined" ? tools.map(describeTool) : tools.map(prebuilt(__TOOLS_LIST__));
  described.set(tools, list);
  return list;
}

function describeTool(tool: Tool): McpTool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    // zod-to-json-schema writes plain JSON; the SDK's type asks for JSON values all the way down.
    inputSchema: toJsonSchema(tool.inputSchema, "input", tool.nullMeaningful) as McpTool["inputSchema"],
    outputSchema: toJsonSchema(tool.outputSchema, "output") as McpTool["outputSchema"],
    annotations: tool.annotations,
  };
}

/** Looks a tool up in the build's list (every tool is in it: the build describes `allTools`). */
function prebuilt(json: string): (tool: Tool) => McpTool {
  const list = JSON.parse(json) as McpTool[];
  return (tool) => {
    const found = list.find((entry) => entry.name === tool.name);
    if (!found) throw new Error(`the build's tool list has no ${tool.name}`);
    return found;
  };
}
