import { WEBHOOK_EVENTS, type WebhookEvent } from "../v0/types.js";
import type { StaticResource } from "./resource.js";

/** What makes v0 send each event (docs/webhook-deliveries.md, "Trigger each event"). */
export const EVENT_TRIGGERS: Readonly<Record<WebhookEvent, string>> = {
  "chat.created": "a new chat is started in v0 (or through the Platform API)",
  "chat.updated": "a chat is renamed or its settings change",
  "chat.deleted": "a chat is deleted",
  "message.created": "a message is sent in a chat (and v0's reply starts)",
  "message.updated": "a message changes while v0 writes its reply",
  "message.finished": "v0 finishes its reply to a message",
  "message.deleted": "a message is deleted",
};

/** v0's event names that start with what was typed (case-insensitive), in v0's order. */
export function completeEvent(typed: string): string[] {
  const prefix = typed.trim().toLowerCase();
  return WEBHOOK_EVENTS.filter((event) => event.startsWith(prefix));
}

/** `- \`message.finished\`: v0 finishes its reply to a message`, one line per event. */
export function eventLines(events: readonly WebhookEvent[] = WEBHOOK_EVENTS): string {
  return events.map((event) => `- \`${event}\`: ${EVENT_TRIGGERS[event]}`).join("\n");
}

export const eventCatalogue: StaticResource = {
  uri: "v0-webhooks://events",
  name: "events",
  title: "v0 webhook events",
  description:
    "The seven event types a v0 webhook can subscribe to, what makes v0 send each, and what v0 does not document (payloads, signatures, retries).",
  mimeType: "text/markdown",
  // The same for every caller, and fixed for this server's version: an hour, like the tool list.
  cacheHint: { ttlMs: 3_600_000, cacheScope: "public" },
  text: () =>
    [
      "# v0 webhook events",
      "",
      "A webhook subscribes to one or more of these events, for one chat (`chatId`) or for every chat of the account.",
      "",
      eventLines(),
      "",
      "v0 does not publicly document the payload format, a signing secret, a signature header or its retry policy. Watch what arrives (`npx -y v0-webhooks-mcp receive`) before relying on any field, and expect the shape to change while the v2 API is in beta.",
      "",
    ].join("\n"),
};
