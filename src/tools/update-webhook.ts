import { z } from "zod/v3";
import type { UpdateHookBody } from "../v0/types.js";
import { eventsField, nameField, urlField, webhookIdField, webhookOutputShape } from "./fields.js";
import { callText, defineTool, deliveryText, hookText } from "./tool.js";

export const updateWebhookInput = z
  .object({
    webhookId: webhookIdField,
    name: nameField.optional(),
    events: eventsField.optional(),
    url: urlField.optional(),
  })
  .strict();

export const updateWebhookOutput = z.object(webhookOutputShape);

export const updateWebhook = defineTool({
  name: "update_webhook",
  title: "Update a v0 webhook",
  description: [
    "Change a v0 webhook's name, events or url; give at least one. Fields you leave out stay as they are, and `events` replaces the whole list.",
    "Use it to fix a wrong URL or change what a webhook listens to. The chat a webhook is scoped to (chatId) cannot be changed: delete it and create a new one.",
    'Example: {"webhookId":"hook_abc123","url":"https://my.app/v2/hooks"}',
  ].join("\n"),
  summary: "Change a webhook's name, events or url.",
  inputSchema: updateWebhookInput,
  outputSchema: updateWebhookOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  annotationsWhy:
    "Changes a webhook in place but deletes nothing, so not destructive; the same update twice leaves the same state, so idempotent.",
  fieldHints: {
    chatId:
      "cannot be changed after a webhook is created; nothing was changed. To scope it to another chat, delete it and create a new one.",
  },
  destinationFields: ["url"],
  requireOneOf: ["name", "events", "url"],
  hints: {
    notFound: ({ url }) =>
      `there is no webhook with this id (it may have been deleted). Find the current id with ${callText("list_webhooks", url ? { urlHost: new URL(url).hostname } : { details: true })}, then call update_webhook again.`,
    lostAnswer: ({ webhookId }) =>
      `The request was sent, so the change may have been applied: ${callText("get_webhook", { webhookId })} shows the current state, and repeating the same update is safe.`,
  },
  async run({ webhookId, name, events, url }, { api, signal, deadline }) {
    const body: UpdateHookBody = {};
    if (name !== undefined) body.name = name;
    if (events !== undefined) body.events = events;
    if (url !== undefined) body.url = url;
    return api.updateHook(webhookId, body, { signal, deadline });
  },
  summarize: (hook) => `Updated webhook ${hookText(hook)}: it now sends ${deliveryText(hook)}.`,
});
