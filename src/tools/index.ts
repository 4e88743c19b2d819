import type { Config } from "../config.js";
import { createWebhook } from "./create-webhook.js";
import { deleteWebhook } from "./delete-webhook.js";
import { getWebhook } from "./get-webhook.js";
import { listWebhooks } from "./list-webhooks.js";
import type { Tool } from "./tool.js";
import { updateWebhook } from "./update-webhook.js";

/** Every tool this server offers, in the order tools/list shows them. */
export const allTools: readonly Tool[] = [createWebhook, listWebhooks, getWebhook, updateWebhook, deleteWebhook];

export interface ToolSelection {
  enabled: readonly Tool[];
  /** Tools left out, with the reason a call to one of them is refused. */
  disabled: ReadonlyMap<string, string>;
}

/** In read-only mode only the tools that change nothing are offered. */
export function selectTools(config: Pick<Config, "readOnly">, tools: readonly Tool[] = allTools): ToolSelection {
  if (!config.readOnly) return { enabled: tools, disabled: new Map() };
  const reason =
    "is disabled: this server runs read-only (--read-only or V0_READ_ONLY=1), so it can list and get webhooks but not change them. Ask the user to change the webhook another way, or to restart the server without read-only mode.";
  return {
    enabled: tools.filter((tool) => tool.annotations.readOnlyHint),
    disabled: new Map(tools.filter((tool) => !tool.annotations.readOnlyHint).map((tool) => [tool.name, reason])),
  };
}
