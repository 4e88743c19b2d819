import { z } from "zod/v3";
import { hostProblem } from "../policy/destination.js";
import { describeCharacter, firstUnsafeCharacter, MAX_UPSTREAM_STRING } from "../text/inert.js";
import { WEBHOOK_EVENTS, type Webhook } from "../v0/types.js";
import { uriHref } from "../v0/uri.js";

/**
 * Field schemas shared by the webhook tools. Limits on name/url/events are this server's own
 * choice (the v0 spec sets none) and the messages say so.
 */
export const LIMITS = {
  name: 200,
  url: 2048,
  events: 20,
  id: 200,
} as const;

/**
 * How long a string from v0 may be when it reaches an agent, by the field holding it: a name, url
 * or id as long as this server lets one be made, a timestamp comfortably; anything else
 * MAX_UPSTREAM_STRING (text/inert.ts). Longer ones are cut, saying so.
 */
const UPSTREAM_LIMITS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    name: LIMITS.name,
    url: LIMITS.url,
    id: LIMITS.id,
    chatId: LIMITS.id,
    createdAt: 64,
  } satisfies Partial<Record<keyof Webhook, number>>),
);

export function upstreamLimit(field: string | undefined): number {
  return (field !== undefined && UPSTREAM_LIMITS.get(field)) || MAX_UPSTREAM_STRING;
}

const eventList = WEBHOOK_EVENTS.join(", ");

/** A lone UTF-16 surrogate cannot be URL-encoded or sent as valid UTF-8 JSON. */
const LONE_SURROGATE = /\p{Cs}/u;
const WELL_FORMED = "must be valid Unicode text (it contains a lone surrogate)";
function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/**
 * Names and ids are shown to people and agents later: they must not carry newlines, terminal
 * escapes or bidi overrides that would hide or rearrange text (an "instruction" planted by an
 * injected agent for a later session). The error names the character and where it is.
 */
function plainText(value: string, ctx: z.RefinementCtx): void {
  if (!isWellFormed(value)) return; // said already
  const unsafe = firstUnsafeCharacter(value);
  if (unsafe === undefined) return;
  ctx.addIssue({
    code: "custom",
    message: `must be plain text on one line: it contains ${describeCharacter(unsafe)} at position ${[...value].indexOf(unsafe) + 1} (control, bidi and invisible characters are refused)`,
  });
}

export const nameField = z
  .string({ required_error: "name is required", invalid_type_error: "must be a string" })
  .trim()
  .min(1, "must not be empty (a rule of this server; v0 sets none)")
  .max(LIMITS.name, `must be at most ${LIMITS.name} characters (a limit of this server, not of v0)`)
  .refine(isWellFormed, WELL_FORMED)
  .superRefine(plainText)
  .describe('A human-readable label for the webhook, e.g. "Notify my app".');

export const eventsField = z
  .array(
    z.enum(WEBHOOK_EVENTS, {
      errorMap: () => ({ message: `each event must be one of: ${eventList}` }),
    }),
    { required_error: "events is required", invalid_type_error: `must be an array of event types (${eventList})` },
  )
  .min(1, `must list at least one of: ${eventList} (a rule of this server; v0 sets none)`)
  .max(LIMITS.events, `must have at most ${LIMITS.events} entries (a limit of this server, not of v0)`)
  .transform((events) => [...new Set(events)])
  .describe(
    `Event types to subscribe to, at least one; duplicates are dropped. One of: ${eventList}. "message.finished" fires when v0 finishes a reply.`,
  );

export const urlField = z
  .string({ required_error: "url is required", invalid_type_error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(LIMITS.url, `must be at most ${LIMITS.url} characters (a limit of this server, not of v0)`)
  .refine(isWellFormed, WELL_FORMED)
  // Parsed once, here: v0 is sent the URL as WHATWG parsing writes it back (then percent-encoded
  // where RFC 3986 requires, see uriHref), so a parser that reads `\` or tabs differently never
  // sees another host than the destination policy checks.
  .transform((value, ctx) => {
    const url = httpUrl(value);
    if (url === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "must be an absolute URL starting with https://, e.g. https://my.app/hooks",
      });
      return z.NEVER;
    }
    const href = uriHref(url);
    if (href === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `has a host, ${JSON.stringify(url.hostname)}, that is not a domain name or IP address (${hostProblem(url.hostname) ?? "it has no RFC 3986 form"}); use your endpoint's real host, e.g. https://my.app/hooks. No setting allows this.`,
      });
      return z.NEVER;
    }
    if (href.length > LIMITS.url) {
      ctx.addIssue({
        code: "custom",
        message: `must be at most ${LIMITS.url} characters once percent-encoded (a limit of this server, not of v0)`,
      });
      return z.NEVER;
    }
    return href;
  })
  .describe(
    "Absolute https URL that v0 will POST event payloads to, e.g. https://my.app/hooks. Plain http only if the server runs with V0_WEBHOOK_ALLOW_HTTP=1.",
  );

/** A v0 chat id, or null for every chat: what create_webhook scopes a webhook to and list_webhooks filters by. */
export const chatIdOrNull = z
  .string({ invalid_type_error: "must be a string or null" })
  .trim()
  .min(1, "must not be empty; use null for every chat")
  .max(LIMITS.id, `must be at most ${LIMITS.id} characters (a limit of this server, not of v0)`)
  .refine(isWellFormed, WELL_FORMED)
  .superRefine(plainText)
  .nullable();

export const chatIdField = chatIdOrNull
  .optional()
  .describe("Only fire for this v0 chat id. Omit it or pass null to fire for every chat.");

export const webhookIdField = z
  .string({ required_error: "webhookId is required", invalid_type_error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(LIMITS.id, `must be at most ${LIMITS.id} characters (a limit of this server, not of v0)`)
  .refine(isWellFormed, WELL_FORMED)
  .superRefine(plainText)
  .refine((id) => id !== "." && id !== "..", "must be a webhook id from list_webhooks, not a path segment")
  .describe("The webhook's id, as returned by create_webhook or list_webhooks.");

/** The value parsed as an absolute http(s) URL (WHATWG), or undefined when it is not one. */
function httpUrl(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" ? url : undefined;
}

/** The webhook fields every tool returns, as the output schema advertises them. */
export const webhookOutputShape = {
  id: z.string().describe("The webhook's id."),
  createdAt: z.string().describe("When the webhook was created (ISO 8601, UTC)."),
  name: z.string().describe("The webhook's label."),
  events: z.array(z.enum(WEBHOOK_EVENTS)).describe("Event types the webhook is subscribed to."),
  url: z.string().describe("The URL v0 POSTs event payloads to."),
  chatId: z.string().nullable().describe("The chat the webhook is scoped to, or null for every chat."),
};
