import { createWebhook } from "./create-webhook.js";
import { deleteWebhook } from "./delete-webhook.js";
import { getWebhook } from "./get-webhook.js";
import { listWebhooks } from "./list-webhooks.js";
import type { Tool } from "./tool.js";
import { updateWebhook } from "./update-webhook.js";

/** Every tool this server offers, in the order tools/list shows them. */
export const allTools: readonly Tool[] = [createWebhook, listWebhooks, getWebhook, updateWebhook, deleteWebhook];
