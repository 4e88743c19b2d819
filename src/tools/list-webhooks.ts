import { z } from "zod/v3";
import { defineTool } from "./tool.js";

export const listWebhooksInput = z.object({}).strict();

export const listWebhooksOutput = z.object({
  webhooks: z
    .array(
      z.object({ id: z.string().describe("The webhook's id."), name: z.string().describe("The webhook's label.") }),
    )
    .describe("Every webhook of the account, as id and name; get_webhook shows one in full."),
});

export const listWebhooks = defineTool({
  name: "list_webhooks",
  title: "List v0 webhooks",
  description: [
    "List every webhook on the v0 account, as id and name.",
    "Use it to see what exists before creating, updating or deleting, or to find a webhook's id. It shows no urls or events: call get_webhook with an id for the full webhook.",
    "Example: {}",
  ].join("\n"),
  summary: "List the webhooks on the v0 account.",
  inputSchema: listWebhooksInput,
  outputSchema: listWebhooksOutput,
  annotations: {
    title: "List v0 webhooks",
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  annotationsWhy: "Only reads; calling it again changes nothing.",
  hints: { notFound: "v0 answered 404 for the webhook list; check V0_API_BASE_URL (it should end in /v2)." },
  async run(_input, { api, signal, deadline }) {
    return { webhooks: await api.listHooks({ signal, deadline }) };
  },
  summarize: ({ webhooks }) =>
    webhooks.length === 0
      ? "There are no webhooks on this v0 account."
      : `${webhooks.length} webhook${webhooks.length === 1 ? "" : "s"}: ${webhooks.map((w) => `"${w.name}" (${w.id})`).join(", ")}.`,
});
