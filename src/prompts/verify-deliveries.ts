import { z } from "zod/v3";
import { completeEvent, EVENT_TRIGGERS, eventLines } from "../resources/event-catalogue.js";
import { createWebhook } from "../tools/create-webhook.js";
import { getWebhook } from "../tools/get-webhook.js";
import { listWebhooks } from "../tools/list-webhooks.js";
import { updateWebhook } from "../tools/update-webhook.js";
import { eventArgument, webhookIdArgument } from "./arguments.js";
import { call, definePrompt, offers } from "./prompt.js";

export const verifyDeliveries = definePrompt({
  name: "verify_deliveries",
  title: "Verify webhook deliveries",
  description:
    "Checks that v0's deliveries reach an endpoint: `receive` on this machine, a tunnel to it, and triggering each event the webhook subscribes to.",
  arguments: z.object({ webhookId: webhookIdArgument, event: eventArgument }).strict(),
  complete: { event: completeEvent },
  uses: [listWebhooks, getWebhook],
  messages: ({ webhookId, event }, context) => {
    const repoint = offers(context, updateWebhook)
      ? `point the webhook at it (${updateWebhook.name} with the new url, or a test webhook with ${createWebhook.name}, which I can delete afterwards)`
      : "point the webhook at it (this server is read-only: I will change the url myself)";
    return [
      [
        `Help me verify that v0's deliveries${event ? ` of \`${event}\`` : ""} reach my endpoint.`,
        "",
        webhookId
          ? `1. Call ${call(getWebhook, { webhookId })} and note its url, events and chatId.`
          : `1. Call ${call(listWebhooks, { details: true })}, ask me which webhook to check, and note its url, events and chatId.`,
        "2. Receive on my machine: `npx -y v0-webhooks-mcp receive` listens on http://127.0.0.1:8788/ and prints each delivery (time, headers with secrets masked, the body as JSON); with `--forward http://localhost:3000/hooks` it also passes each one on to my app.",
        `3. Tunnel: v0 delivers from its own servers and cannot reach localhost. \`cloudflared tunnel --url http://127.0.0.1:8788\` or \`ngrok http 8788\` prints a public https URL; ${repoint}.`,
        `4. Trigger ${event ? `\`${event}\`: it is sent when ${EVENT_TRIGGERS[event]}` : `each event the webhook subscribes to:\n${eventLines()}`}`,
        "   A webhook with a chatId fires only for that chat.",
        "5. Tell me what arrived and what did not. If nothing arrives, check the url (the tunnel's, with the path), the events and the chatId.",
        "",
        "v0 does not document the payload format, a signature or its retry policy: describe what arrived, do not assume fields.",
      ].join("\n"),
    ];
  },
});
