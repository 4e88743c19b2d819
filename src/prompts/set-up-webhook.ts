import { z } from "zod/v3";
import { completeEvent, EVENT_TRIGGERS, eventLines } from "../resources/event-catalogue.js";
import { createWebhook } from "../tools/create-webhook.js";
import { urlField } from "../tools/fields.js";
import { eventArgument } from "./arguments.js";
import { call, definePrompt } from "./prompt.js";

export const setUpWebhook = definePrompt({
  name: "set_up_webhook",
  title: "Set up a v0 webhook",
  description:
    "Walks the agent through creating a v0 webhook: choosing events, checking the destination, creating it, then watching a delivery arrive.",
  arguments: z
    .object({
      event: eventArgument,
      url: urlField
        .optional()
        .describe(
          "The https URL v0 should POST events to, e.g. https://my.app/hooks; leave it out to decide together.",
        ),
    })
    .strict(),
  complete: { event: completeEvent },
  uses: [createWebhook],
  messages: ({ event, url }, { destinations }) => {
    const allowList = destinations.allowedWebhookHosts;
    return [
      [
        `Help me set up a v0 webhook${event ? ` for \`${event}\`` : ""}${url ? ` that posts to ${url}` : ""}.`,
        "",
        `1. Choose the events. v0 sends these:\n${eventLines()}`,
        event
          ? `   Start from \`${event}\` (sent when ${EVENT_TRIGGERS[event]}) and ask me whether I want others.`
          : "   Ask me which ones I need; subscribe to as few as do the job.",
        `2. Check the destination${url ? "" : " (ask me for it)"}: v0 delivers from its own servers, so it must be a public https URL, not localhost or a private address${destinations.allowHttpWebhooks ? "" : " (plain http is refused)"}.${
          allowList
            ? ` This server only accepts hosts in V0_WEBHOOK_ALLOWED_HOSTS (${allowList.join(", ")}); another host is refused unless I approve it when asked.`
            : ""
        } v0 documents no signature, so suggest an unguessable path such as /hooks/<32 random hex characters>.`,
        `3. Call ${call(createWebhook, { name: "<what it is for>", events: [event ?? "<event>"], url: url ?? "<url>" })}, adding chatId only to limit it to one chat. It is safe to retry: an identical webhook is returned instead of a duplicate.`,
        "4. Show me how to watch a delivery arrive: `npx -y v0-webhooks-mcp receive` prints each delivery on my machine; a tunnel (`cloudflared tunnel --url http://127.0.0.1:8788` or `ngrok http 8788`) gives it a public https URL to point a test webhook at; then trigger the event in v0. v0 does not document the payload format, so look at what arrives before relying on a field.",
        "",
        "Finish by telling me the webhook's id, its events and its URL.",
      ].join("\n"),
    ];
  },
});
