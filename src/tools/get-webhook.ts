import { z } from "zod/v3";
import { quoted } from "../text/inert.js";
import { webhookIdField, webhookOutputShape } from "./fields.js";
import { callText, defineTool, deliveryText, hookText } from "./tool.js";

export const getWebhookInput = z.object({ webhookId: webhookIdField }).strict();

export const getWebhookOutput = z.object(webhookOutputShape);

export const getWebhook = defineTool({
  name: "get_webhook",
  title: "Get a v0 webhook",
  description: [
    "Get one v0 webhook in full: its name, url, events, chatId and creation time.",
    "Use it to check what a webhook does before changing or deleting it. Find ids with list_webhooks.",
    'Example: {"webhookId":"hook_abc123"}',
  ].join("\n"),
  summary: "Get one webhook in full.",
  inputSchema: getWebhookInput,
  outputSchema: getWebhookOutput,
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  annotationsWhy: "Only reads; calling it again changes nothing.",
  hints: {
    notFound: () =>
      `there is no webhook with this id (it may have been deleted); ${callText("list_webhooks", { details: true })} shows the current webhooks, or call list_webhooks with urlHost to find one by its destination.`,
  },
  async run({ webhookId }, { api, signal, deadline }) {
    return api.getHook(webhookId, { signal, deadline });
  },
  summarize: (hook) => `Webhook ${hookText(hook)} sends ${deliveryText(hook)}; created ${quoted(hook.createdAt)}.`,
});
