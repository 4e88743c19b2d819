import { type OAuthStore, parseFamily, type RefreshFamily } from "./store.js";

/** The part of a Cloudflare Workers KV namespace (or anything shaped like it) the store uses. */
export interface KvNamespaceLike {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete?(key: string): Promise<void>;
}

/** Workers KV refuses an expirationTtl under 60 seconds. */
const KV_MIN_TTL = 60;

/**
 * The store on Cloudflare Workers KV, shared by every isolate and location. KV is eventually
 * consistent (a write can take up to about 60 s to show elsewhere) and has no compare-and-set, so
 * "used once" and reuse detection are best effort across locations: a code replayed within that
 * window at another location, or two refreshes racing there, can both pass. A deployment that needs
 * them strict puts a Durable Object (or a database with a unique insert) behind this interface.
 */
export class KvOAuthStore implements OAuthStore {
  readonly #kv: KvNamespaceLike;
  readonly #prefix: string;

  constructor(kv: KvNamespaceLike, options: { prefix?: string } = {}) {
    this.#kv = kv;
    this.#prefix = options.prefix ?? "oauth:";
  }

  async useCode(id: string, ttlSeconds: number): Promise<boolean> {
    const key = `${this.#prefix}code:${id}`;
    if ((await this.#kv.get(key)) !== null) return false;
    await this.#kv.put(key, "1", { expirationTtl: Math.max(KV_MIN_TTL, Math.ceil(ttlSeconds)) });
    return true;
  }

  async getFamily(id: string): Promise<RefreshFamily | undefined> {
    const value = await this.#kv.get(`${this.#prefix}family:${id}`);
    return value === null ? undefined : parseFamily(value);
  }

  async putFamily(id: string, family: RefreshFamily, ttlSeconds: number): Promise<void> {
    await this.#kv.put(`${this.#prefix}family:${id}`, JSON.stringify(family), {
      expirationTtl: Math.max(KV_MIN_TTL, Math.ceil(ttlSeconds)),
    });
  }
}
