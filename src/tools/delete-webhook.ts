import { z } from "zod/v3";
import { quoted } from "../text/inert.js";
import { webhookIdField } from "./fields.js";
import { callText, defineTool } from "./tool.js";

export const deleteWebhookInput = z.object({ webhookId: webhookIdField }).strict();

export const deleteWebhookOutput = z.object({
  id: z.string().describe("The deleted webhook's id."),
  deleted: z.literal(true).describe("Always true: the webhook is gone."),
});

export const deleteWebhook = defineTool({
  name: "delete_webhook",
  title: "Delete a v0 webhook",
  description: [
    "Delete a v0 webhook for good: v0 stops sending its events at once. This cannot be undone.",
    "Use it when the user asks to remove a webhook or a destination is stale. Check the id first with list_webhooks or get_webhook. Deleting a webhook that is already gone answers an error with status 404.",
    'Example: {"webhookId":"hook_abc123"}',
  ].join("\n"),
  summary: "Delete a webhook for good.",
  inputSchema: deleteWebhookInput,
  outputSchema: deleteWebhookOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  annotationsWhy:
    "Removes a webhook for good, so destructive; deleting it again changes nothing more (v0 answers 404), so idempotent.",
  hints: {
    notFound: () =>
      `the webhook no longer exists (already deleted, or a wrong id), so there is nothing to delete; ${callText("list_webhooks", { details: true })} shows the current webhooks.`,
    lostAnswer: ({ webhookId }) =>
      `The request was sent, so the webhook may already be deleted: repeating ${callText("delete_webhook", { webhookId })} is safe (404 then means it is gone).`,
  },
  async run({ webhookId }, { api, signal, deadline }) {
    return api.deleteHook(webhookId, { signal, deadline });
  },
  summarize: (result) => `Deleted webhook ${quoted(result.id)}; v0 will send it no more events.`,
});
