/**
 * What the authorization server must remember, because a self-contained token cannot say it
 * itself: that a code was used, and where each refresh-token family stands. Everything else lives
 * in the sealed tokens. Keys expire on their own (`ttlSeconds`), so a store never needs sweeping
 * by its owner.
 *
 * A store is only as shared as its backing: MemoryOAuthStore is one process or one isolate. Behind
 * a load balancer, or on Workers (many isolates), use a shared store (KvOAuthStore) for single-use
 * codes and refresh-reuse detection to hold across instances.
 */
export interface OAuthStore {
  /** Records that a code was redeemed: true the first time for this id, false ever after (within ttl). */
  useCode(id: string, ttlSeconds: number): Promise<boolean>;
  /** A refresh-token family's state, or undefined when the store does not know it (never seen, or forgotten). */
  getFamily(id: string): Promise<RefreshFamily | undefined>;
  /** Records a family's state, to be forgotten after ttlSeconds without a newer write. */
  putFamily(id: string, family: RefreshFamily, ttlSeconds: number): Promise<void>;
}

/** One login's chain of refresh tokens (see rotation.ts for the rules). */
export interface RefreshFamily {
  /** The newest generation issued. */
  generation: number;
  /**
   * The id (jti) of the refresh token whose use issued the newest generation: the one token of the
   * previous generation that may be presented again (a client refreshing twice at once).
   */
  rotatedFrom?: string;
  /** Set on reuse of an old token or of the code: every token of the family is refused from then on. */
  revoked: boolean;
}

/** Above this many entries, a write first drops the expired ones. */
const SWEEP_ABOVE = 1000;

/** One process's (or isolate's) memory: what it holds is lost on restart and not seen by other instances. */
export class MemoryOAuthStore implements OAuthStore {
  readonly #entries = new Map<string, { value: string; expiresAt: number }>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async useCode(id: string, ttlSeconds: number): Promise<boolean> {
    const key = `code:${id}`;
    if (this.#read(key) !== undefined) return false;
    this.#write(key, "1", ttlSeconds);
    return true;
  }

  async getFamily(id: string): Promise<RefreshFamily | undefined> {
    const value = this.#read(`family:${id}`);
    return value === undefined ? undefined : parseFamily(value);
  }

  async putFamily(id: string, family: RefreshFamily, ttlSeconds: number): Promise<void> {
    this.#write(`family:${id}`, JSON.stringify(family), ttlSeconds);
  }

  #read(key: string): string | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  #write(key: string, value: string, ttlSeconds: number): void {
    const now = this.#now();
    if (this.#entries.size > SWEEP_ABOVE) {
      for (const [k, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(k);
    }
    this.#entries.set(key, { value, expiresAt: now + ttlSeconds * 1000 });
  }
}

/** A family record as stored; anything unreadable counts as revoked (fail closed on corruption). */
export function parseFamily(value: string): RefreshFamily {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === "object") {
      const { generation, revoked, rotatedFrom } = parsed as Record<string, unknown>;
      if (typeof generation === "number" && Number.isInteger(generation) && typeof revoked === "boolean") {
        return typeof rotatedFrom === "string" ? { generation, revoked, rotatedFrom } : { generation, revoked };
      }
    }
  } catch {
    // fall through
  }
  return { generation: 0, revoked: true };
}
