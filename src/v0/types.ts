import { z } from "zod/v3";

/** The seven event types of the v0 Platform API (OpenAPI 2.0.0, WebhookEventType). */
export const WEBHOOK_EVENTS = [
  "chat.created",
  "chat.updated",
  "chat.deleted",
  "message.created",
  "message.updated",
  "message.deleted",
  "message.finished",
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * A webhook as v0 returns it. v2 is beta: unknown extra fields are dropped (zod strips them),
 * missing or mistyped ones make the response invalid.
 */
export const webhookResponseSchema = z.object({
  id: z.string().min(1),
  createdAt: z.string(),
  name: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  url: z.string(),
  chatId: z.string().nullable(),
});
export type Webhook = z.infer<typeof webhookResponseSchema>;

export const webhookSummaryResponseSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
});
export type WebhookSummary = z.infer<typeof webhookSummaryResponseSchema>;

/** `GET /hooks` answers a bare array; one docs page renders it as `{ items: [...] }`. Accept both. */
export const webhookListResponseSchema = z.union([
  z.array(webhookSummaryResponseSchema),
  z.object({ items: z.array(webhookSummaryResponseSchema) }).transform((body) => body.items),
]);

export const deleteResponseSchema = z.object({
  id: z.string().min(1),
  deleted: z.literal(true),
});
export type DeleteResult = z.infer<typeof deleteResponseSchema>;

/**
 * Body of `POST /hooks`: all four fields are required, `chatId` explicitly `null` for every chat.
 * (A schema rather than an interface, so `npm run check:api` can hold it to v0's OpenAPI document.)
 */
export const createHookBodySchema = z.object({
  name: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  url: z.string(),
  chatId: z.string().nullable(),
});
export type CreateHookBody = z.infer<typeof createHookBodySchema>;

/** Body of `PATCH /hooks/{hookId}`: only the fields being changed. */
export const updateHookBodySchema = z.object({
  name: z.string().optional(),
  events: z.array(z.enum(WEBHOOK_EVENTS)).optional(),
  url: z.string().optional(),
});
export type UpdateHookBody = z.infer<typeof updateHookBodySchema>;

export interface CallOptions {
  /** Aborts the HTTP request, e.g. when the MCP client cancels the tool call. */
  signal?: AbortSignal;
  /**
   * When the whole tool call must be done (epoch ms). A tool that makes several requests passes
   * the same deadline to each, so V0_TIMEOUT_MS bounds the call, not each request.
   */
  deadline?: number;
}

/** The hooks resource of the v0 Platform API. Implemented over HTTP and, for the sandbox, in memory. */
export interface HooksApi {
  createHook(body: CreateHookBody, options?: CallOptions): Promise<Webhook>;
  listHooks(options?: CallOptions): Promise<WebhookSummary[]>;
  getHook(hookId: string, options?: CallOptions): Promise<Webhook>;
  updateHook(hookId: string, body: UpdateHookBody, options?: CallOptions): Promise<Webhook>;
  deleteHook(hookId: string, options?: CallOptions): Promise<DeleteResult>;
}
