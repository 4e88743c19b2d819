import { assertAllowedDestination, type DestinationConfig } from "../policy/destination.js";
import { InputError } from "../policy/input-error.js";
import { quoted } from "../text/inert.js";
import { upstreamLimit, webhookIdField } from "../tools/fields.js";
import { deliveryText, hookText, type Tool, type ToolContext } from "../tools/tool.js";
import type { Answer, Question } from "./ask-person.js";
import { presentable } from "./presentable.js";

/**
 * The decisions that belong to a person, not to the model (which may be following injected text),
 * as questions a call needs answered yes before it runs:
 * - a destructive call (deleting a webhook cannot be undone), naming what it destroys, read from
 *   v0 first; unless the configuration turns this question off (V0_CONFIRM_DELETES=0);
 * - a webhook URL whose host is outside V0_WEBHOOK_ALLOWED_HOSTS: allowed for this call only.
 *   The hard rules (https, no private or loopback addresses, a plain host) are never asked about.
 * Without a client that can ask, nothing is asked: destinations are refused as before, and the
 * host's own approval of destructive tools stands.
 */

/** A person said no (declined or cancelled) to a question this call needed; nothing was done. */
export class PersonDeclinedError extends Error {
  override readonly name = "PersonDeclinedError";
}

export interface ConsentDeps {
  destinations: DestinationConfig;
  /** Ask before a destructive call (V0_CONFIRM_DELETES, on unless 0). */
  confirmDestructive: boolean;
  redact: (text: string) => string;
}

/** A question a call needs answered yes, and what a no means. */
export interface Needed {
  key: string;
  /** The question as the person reads it; it may read v0 to name what the call acts on. */
  question(context: ToolContext): Promise<Question>;
  /** Throws what the call answers without a yes. */
  refuse(answer: Answer | undefined): never;
}

/**
 * The questions this call needs answered, when a person can be asked (`canAsk`). Throws the
 * destination policy's refusal for a hard rule, and for an off-list host when no one can be asked.
 */
export function neededFor(tool: Tool, input: Record<string, unknown>, canAsk: boolean, deps: ConsentDeps): Needed[] {
  const needed: Needed[] = [];
  for (const field of tool.destinationFields ?? []) {
    const url = input[field];
    if (typeof url !== "string") continue;
    // Every rule but the allow-list; a refusal here is final.
    assertAllowedDestination(url, { ...deps.destinations, allowedWebhookHosts: undefined });
    if (!canAsk) {
      assertAllowedDestination(url, deps.destinations);
      continue;
    }
    try {
      assertAllowedDestination(url, deps.destinations);
    } catch (error) {
      // Only the allow-list is left to refuse it: a question for the person.
      if (!(error instanceof InputError)) throw error;
      needed.push(offListHost(field, url, error, deps));
    }
  }
  if (canAsk && deps.confirmDestructive && tool.annotations.destructiveHint) {
    needed.push(destructiveCall(tool, input, deps));
  }
  return needed;
}

function offListHost(field: string, url: string, refusal: InputError, deps: ConsentDeps): Needed {
  const host = new URL(url).hostname;
  const allowed = deps.destinations.allowedWebhookHosts?.join(", ") ?? "";
  return {
    key: `allow_${field}_host`,
    question: async () => ({
      key: `allow_${field}_host`,
      message: deps.redact(
        `Allow ${host} as a webhook destination for this call only? It is not in V0_WEBHOOK_ALLOWED_HOSTS (${allowed}). An agent asked for ${quoted(url)}; v0 would send chat content there. Accept to allow it this once; decline to refuse.`,
      ),
    }),
    refuse: (answer) => {
      throw new InputError(
        `${refusal.message} The user was asked to allow ${host} for this call and ${answer === "decline" ? "declined" : "did not allow it"}.`,
      );
    },
  };
}

function destructiveCall(tool: Tool, input: Record<string, unknown>, deps: ConsentDeps): Needed {
  const shape = tool.inputSchema.shape as Record<string, unknown>;
  const idField = Object.keys(shape).find((key) => shape[key] === webhookIdField);
  const webhookId = idField === undefined ? undefined : input[idField];
  let target = `with ${JSON.stringify(input)}`;
  return {
    key: "confirm",
    async question({ api, signal, deadline }) {
      if (typeof webhookId === "string") {
        // What v0 says about the webhook is data: scrubbed and made inert before the person reads it.
        const hook = presentable(await api.getHook(webhookId, { signal, deadline }), {
          redact: deps.redact,
          limitFor: upstreamLimit,
        }).value;
        target = `${hookText(hook)}, which sends ${deliveryText(hook)}`;
      }
      return {
        key: "confirm",
        message: deps.redact(
          `${tool.annotations.title} ${target}? This cannot be undone. An agent asked for it (${tool.name}); accept to go ahead, decline to keep it.`,
        ),
      };
    },
    refuse: (answer) => {
      const what = typeof webhookId === "string" ? `webhook ${quoted(webhookId)}` : "it";
      throw new PersonDeclinedError(
        `The user ${answer === "decline" ? "declined" : "cancelled"} when asked to confirm ${tool.name} for ${what}, so nothing was deleted: ${what} is unchanged. Do not call ${tool.name} again unless the user asks for it.`,
      );
    },
  };
}
