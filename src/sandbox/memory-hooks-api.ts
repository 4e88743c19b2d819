import { V0HttpError } from "../v0/errors.js";
import { hookPath } from "../v0/paths.js";
import type {
  CallOptions,
  CreateHookBody,
  DeleteResult,
  HooksApi,
  UpdateHookBody,
  Webhook,
  WebhookSummary,
} from "../v0/types.js";

/**
 * An in-memory implementation of the v0 hooks API for `--sandbox`: no key, no network.
 * It answers the way v0 does, including 404 for unknown ids, so agents can rehearse errors.
 * Ids start with `sandbox_` so a sandbox webhook is never mistaken for a real one.
 */
export class MemoryHooksApi implements HooksApi {
  private readonly hooks = new Map<string, Webhook>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async createHook(body: CreateHookBody, _options?: CallOptions): Promise<Webhook> {
    const hook: Webhook = {
      id: `sandbox_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`,
      createdAt: this.now().toISOString(),
      name: body.name,
      events: [...body.events],
      url: body.url,
      chatId: body.chatId,
    };
    this.hooks.set(hook.id, hook);
    return { ...hook, events: [...hook.events] };
  }

  async listHooks(_options?: CallOptions): Promise<WebhookSummary[]> {
    return [...this.hooks.values()].map(({ id, name }) => ({ id, name }));
  }

  async getHook(hookId: string, _options?: CallOptions): Promise<Webhook> {
    const hook = this.find("GET", hookId);
    return { ...hook, events: [...hook.events] };
  }

  async updateHook(hookId: string, body: UpdateHookBody, _options?: CallOptions): Promise<Webhook> {
    const hook = this.find("PATCH", hookId);
    const updated: Webhook = {
      ...hook,
      ...(body.name !== undefined && { name: body.name }),
      ...(body.events !== undefined && { events: [...body.events] }),
      ...(body.url !== undefined && { url: body.url }),
    };
    this.hooks.set(hookId, updated);
    return { ...updated, events: [...updated.events] };
  }

  async deleteHook(hookId: string, _options?: CallOptions): Promise<DeleteResult> {
    this.find("DELETE", hookId);
    this.hooks.delete(hookId);
    return { id: hookId, deleted: true };
  }

  private find(method: "GET" | "PATCH" | "DELETE", hookId: string): Webhook {
    const hook = this.hooks.get(hookId);
    if (!hook) throw new V0HttpError(method, hookPath(hookId), 404, "Not Found", "Webhook not found", undefined);
    return hook;
  }
}
