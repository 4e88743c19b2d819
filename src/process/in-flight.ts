import type { Logger } from "./log.js";

/**
 * Work in progress (requests received and not yet answered), so shutdown can let it finish, up to
 * a bound. Keys name the pieces of work: a JSON-RPC id over stdio, one object per HTTP exchange.
 */
export class InFlight {
  private readonly open = new Set<unknown>();
  private waiters: Array<() => void> = [];

  get size(): number {
    return this.open.size;
  }

  begin(key: unknown): void {
    this.open.add(key);
  }

  end(key: unknown): void {
    if (!this.open.delete(key) || this.open.size > 0) return;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves true when nothing is in progress, or false when `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Lets work in progress finish at shutdown, up to `timeoutMs`, saying so in the log. */
  async drain(timeoutMs: number, log: Logger, reason: string): Promise<void> {
    if (this.open.size === 0) return;
    log.info(`${reason}: waiting up to ${timeoutMs} ms for ${this.open.size} request(s) in progress`);
    if (!(await this.idle(timeoutMs))) log.warn(`${this.open.size} request(s) still running at shutdown`);
  }
}
