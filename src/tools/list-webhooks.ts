import { z } from "zod/v3";
import { hostMatches, isHostPattern } from "../policy/destination.js";
import { quoted } from "../text/inert.js";
import { readHooks } from "../v0/read-hooks.js";
import { WEBHOOK_EVENTS, type Webhook } from "../v0/types.js";
import { chatIdOrNull, webhookOutputShape } from "./fields.js";
import { defineTool, hookText } from "./tool.js";

/** How many webhooks the one-line summary names; the JSON below it holds them all. */
const SUMMARY_ITEMS = 5;

export const listWebhooksInput = z
  .object({
    details: z
      .boolean({ invalid_type_error: "must be true or false" })
      .optional()
      .describe("true returns every webhook in full (url, events, chatId, createdAt), not just id and name."),
    event: z
      .enum(WEBHOOK_EVENTS, { errorMap: () => ({ message: `must be one of: ${WEBHOOK_EVENTS.join(", ")}` }) })
      .optional()
      .describe('Only webhooks subscribed to this event type, e.g. "message.finished".'),
    urlHost: z
      .string({ invalid_type_error: "must be a string" })
      .trim()
      .toLowerCase()
      .transform((host) => host.replace(/\.$/, ""))
      .refine(
        isHostPattern,
        'must be a host name such as "my.app" or a wildcard such as "*.my.app" (no scheme or path)',
      )
      .optional()
      .describe('Only webhooks whose url points at this host, e.g. "my.app"; "*.my.app" matches its subdomains.'),
    chatId: chatIdOrNull
      .optional()
      .describe("Only webhooks scoped to this v0 chat id; null for the webhooks that fire for every chat."),
  })
  .strict();

export const listWebhooksOutput = z.object({
  webhooks: z
    .array(
      z.object({
        id: webhookOutputShape.id,
        name: webhookOutputShape.name,
        createdAt: webhookOutputShape.createdAt.optional(),
        events: webhookOutputShape.events.optional(),
        url: webhookOutputShape.url.optional(),
        chatId: webhookOutputShape.chatId.optional(),
      }),
    )
    .describe(
      "The account's webhooks: as id and name, or in full (url, events, chatId, createdAt) when details or a filter was given.",
    ),
  failed: z
    .array(z.object({ id: z.string(), reason: z.string() }))
    .optional()
    .describe(
      "With details or a filter: webhooks that could not be read in full, and why; the others are still listed.",
    ),
});

type ListInput = z.output<typeof listWebhooksInput>;

/** A webhook matches when it passes every filter given. */
function matches(hook: Webhook, { event, urlHost, chatId }: ListInput): boolean {
  if (event !== undefined && !hook.events.includes(event)) return false;
  if (chatId !== undefined && hook.chatId !== chatId) return false;
  if (urlHost !== undefined) {
    let host: string;
    try {
      host = new URL(hook.url).hostname.toLowerCase().replace(/\.+$/, "");
    } catch {
      return false;
    }
    if (!hostMatches(host, urlHost)) return false;
  }
  return true;
}

export const listWebhooks = defineTool({
  name: "list_webhooks",
  title: "List v0 webhooks",
  description: [
    "List the webhooks on the v0 account: as id and name (one request), or in full with details: true.",
    'Filters answer questions in one call: event ("which webhooks send message.finished?"), urlHost ("is anything still pointing at old.my.app?", "*.my.app" for subdomains), chatId (a chat id, or null for webhooks covering every chat). With details or a filter, each webhook is read in full (up to 8 at a time, within the call\'s time budget); any it could not read are reported in failed.',
    'Example: {"event":"message.finished","urlHost":"my.app"}',
  ].join("\n"),
  summary: "List the webhooks on the v0 account, in full or filtered by event, destination host or chat.",
  inputSchema: listWebhooksInput,
  outputSchema: listWebhooksOutput,
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  annotationsWhy: "Only reads; calling it again changes nothing.",
  nullMeaningful: ["chatId"],
  hints: {
    notFound: () =>
      "v0 answered 404 for the webhook list itself, so the API address is wrong: check V0_API_BASE_URL (it should end in /v2), restart the server, then call list_webhooks again.",
  },
  async run(input, { api, signal, deadline }) {
    const summaries = await api.listHooks({ signal, deadline });
    const filtered = input.event !== undefined || input.urlHost !== undefined || input.chatId !== undefined;
    if (!input.details && !filtered) return { webhooks: summaries };
    const { webhooks, failed } = await readHooks(api, summaries, { signal, deadline });
    return { webhooks: webhooks.filter((hook) => matches(hook, input)), failed };
  },
  summarize: ({ webhooks, failed }) => {
    if (failed === undefined && webhooks.length === 0) return "There are no webhooks on this v0 account.";
    const listed =
      webhooks.length === 0
        ? "No webhooks on this v0 account match."
        : `${webhooks.length} webhook${webhooks.length === 1 ? "" : "s"}: ${webhooks
            .slice(0, SUMMARY_ITEMS)
            .map((w) => `${hookText(w)}${w.url ? ` → ${quoted(w.url)}` : ""}`)
            .join(
              ", ",
            )}${webhooks.length > SUMMARY_ITEMS ? `, and ${webhooks.length - SUMMARY_ITEMS} more (below)` : ""}.`;
    return !failed?.length
      ? listed
      : `${listed} ${failed.length} could not be read (see failed); call list_webhooks again, or get_webhook with their ids.`;
  },
});
