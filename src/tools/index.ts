import { createWebhook } from "./create-webhook.js";
import { deleteWebhook } from "./delete-webhook.js";
import { getWebhook } from "./get-webhook.js";
import { listWebhooks } from "./list-webhooks.js";
import type { Tool } from "./tool.js";
import { updateWebhook } from "./update-webhook.js";

/**
 * The registry: every tool this server offers, in the order tools/list shows them. A new tool is
 * one line here (CONTRIBUTING.md); `--help`, read-only mode, the MCP Bundle's manifest and the
 * README's tools table are derived from this list.
 */
export const allTools: readonly Tool[] = [createWebhook, listWebhooks, getWebhook, updateWebhook, deleteWebhook];

/** The tools read-only mode keeps: those whose annotations say they change nothing. */
export function readOnlyTools(tools: readonly Tool[] = allTools): readonly Tool[] {
  return tools.filter((tool) => tool.annotations.readOnlyHint);
}

export interface ToolSelection {
  enabled: readonly Tool[];
  /** Tools left out, with the reason a call to one of them is refused. */
  disabled: ReadonlyMap<string, string>;
}

/** In read-only mode only the tools that change nothing are offered. */
export function selectTools(options: { readOnly: boolean }, tools: readonly Tool[] = allTools): ToolSelection {
  if (!options.readOnly) return { enabled: tools, disabled: new Map() };
  const enabled = readOnlyTools(tools);
  const reason = `is disabled: this server runs read-only (--read-only or V0_READ_ONLY=1), so it offers only ${toolList(enabled)}, which change nothing. Ask the user to make the change another way, or to restart the server without read-only mode.`;
  return {
    enabled,
    disabled: new Map(tools.filter((tool) => !enabled.includes(tool)).map((tool) => [tool.name, reason])),
  };
}

/** "a, b and c", for text that names tools. */
export function toolList(tools: readonly Tool[]): string {
  return new Intl.ListFormat("en", { type: "conjunction" }).format(tools.map((tool) => tool.name));
}
