import type { Tool as McpTool } from "@modelcontextprotocol/server";
import type { Tool } from "../tools/tool.js";
import { toJsonSchema } from "./to-json-schema.js";

const described = new WeakMap<readonly Tool[], McpTool[]>();

/**
 * The tools as tools/list advertises them, their JSON Schemas generated from the zod schemas
 * (once per list of tools).
 *
 * The bundle does not run this: scripts/build.mjs runs it at build time and replaces this module
 * with the result, so the shipped bin neither loads zod-to-json-schema nor converts schemas before
 * its first tools/list answer. A test checks that the bin advertises exactly what this generates.
 */
export function describeTools(tools: readonly Tool[]): McpTool[] {
  const cached = described.get(tools);
  if (cached) return cached;
  const list = tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    // zod-to-json-schema writes plain JSON; the SDK's type asks for JSON values all the way down.
    inputSchema: toJsonSchema(tool.inputSchema, "input", tool.nullMeaningful) as McpTool["inputSchema"],
    outputSchema: toJsonSchema(tool.outputSchema, "output") as McpTool["outputSchema"],
    annotations: tool.annotations,
  }));
  described.set(tools, list);
  return list;
}
