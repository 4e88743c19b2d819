import type { Tool } from "../tools/tool.js";
import { auditWebhooks } from "./audit-webhooks.js";
import type { Prompt } from "./prompt.js";
import { setUpWebhook } from "./set-up-webhook.js";
import { verifyDeliveries } from "./verify-deliveries.js";

/** The registry: every prompt this server offers, in the order prompts/list shows them. */
export const allPrompts: readonly Prompt[] = [setUpWebhook, auditWebhooks, verifyDeliveries];

/**
 * The prompts offered: those whose tools are all offered. In read-only mode the set-up prompt goes
 * (it exists to lead the agent to a create the server would refuse); audit and verify stay.
 */
export function selectPrompts(offered: readonly Tool[], prompts: readonly Prompt[] = allPrompts): readonly Prompt[] {
  return prompts.filter((prompt) => prompt.uses.every((tool) => offered.includes(tool)));
}
