import { z } from "zod/v3";
import { LIMITS } from "../tools/fields.js";
import { WEBHOOK_EVENTS } from "../v0/types.js";

/** Prompt arguments arrive as strings; these are the ones the prompts share. */
export const eventArgument = z
  .enum(WEBHOOK_EVENTS, { errorMap: () => ({ message: `must be one of: ${WEBHOOK_EVENTS.join(", ")}` }) })
  .optional()
  .describe(`A v0 event to start from, e.g. message.finished. One of: ${WEBHOOK_EVENTS.join(", ")}.`);

export const webhookIdArgument = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[\w.-]+$/, "must be a webhook id from the list of webhooks (letters, digits, _ . -)")
  .optional()
  .describe("The id of the webhook to check, e.g. hook_abc123; leave it out to pick one from the list.");
