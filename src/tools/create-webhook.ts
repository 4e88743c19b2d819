import { z } from "zod/v3";
import { findOrCreateWebhook } from "../v0/find-or-create.js";
import { chatIdField, eventsField, nameField, urlField, webhookOutputShape } from "./fields.js";
import { callText, defineTool, deliveryText, hookText } from "./tool.js";

export const createWebhookInput = z
  .object({
    name: nameField,
    events: eventsField,
    url: urlField,
    chatId: chatIdField,
  })
  .strict();

export const createWebhookOutput = z.object({
  ...webhookOutputShape,
  created: z
    .boolean()
    .describe("true if this call created the webhook; false if an identical one already existed and was returned."),
});

export const createWebhook = defineTool({
  name: "create_webhook",
  title: "Create v0 webhook",
  description: [
    "Create a webhook on the v0 Platform API: v0 will POST an event payload to `url` whenever one of `events` happens, in one chat (`chatId`) or in every chat (omit chatId).",
    "Use it when the user wants to be notified of v0 activity, e.g. when a v0 message finishes.",
    "Safe to retry: if a webhook with the same name, url, events and chatId exists, it is returned (created: false) instead of a duplicate.",
    "Caveats: the URL must be https and reachable by v0; v0 does not publicly document the payload format, a signing secret or its retry policy, so the receiver should not rely on them (to watch deliveries arrive: `v0-webhooks-mcp receive`, docs/webhook-deliveries.md).",
    'Example: {"name":"Notify my app","events":["message.finished"],"url":"https://my.app/hooks"}',
  ].join("\n"),
  summary: "Create a webhook that POSTs v0 chat or message events to an https URL (safe to retry).",
  inputSchema: createWebhookInput,
  outputSchema: createWebhookOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  annotationsWhy:
    "Adds a webhook and changes nothing that exists, so not destructive; an identical call returns the existing webhook instead of a duplicate, so idempotent; talks to v0, so open-world.",
  destinationFields: ["url"],
  hints: {
    notFound: () =>
      "v0 did not find the chat: check chatId (the id in the v0 chat's URL), then call create_webhook again with the same name, events and url and the right chatId, or without chatId to fire for every chat.",
    lostAnswer: (input) =>
      `The request was sent, so the webhook may have been created. Calling create_webhook again with the same arguments is safe: it returns the existing webhook instead of making a second. ${callText("list_webhooks", { urlHost: new URL(input.url).hostname })} shows what points at that host.`,
  },
  async run(input, { api, signal, deadline }) {
    const { webhook, created } = await findOrCreateWebhook(
      api,
      { name: input.name, events: input.events, url: input.url, chatId: input.chatId ?? null },
      { signal, deadline },
    );
    return { ...webhook, created };
  },
  summarize: (hook) =>
    `${hook.created ? "Created webhook" : "An identical webhook already existed, so none was created: returning webhook"} ${hookText(hook)}: v0 will POST ${deliveryText(hook)}.`,
});
