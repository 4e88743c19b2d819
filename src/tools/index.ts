import { createWebhook } from "./create-webhook.js";
import type { Tool } from "./tool.js";

/** Every tool this server offers, in the order tools/list shows them. */
export const allTools: readonly Tool[] = [createWebhook];
