import { type HttpMethod, type V0Error, V0HttpError, V0NetworkError } from "./errors.js";

/**
 * When to try a failed request again. Pure: the client supplies the clock and the randomness.
 * - 429 with a Retry-After of at most 10 s: wait that long and retry once, any method (v0 did not
 *   process the request). Longer or absent: fail at once and say when to retry.
 * - GET and DELETE (safe to repeat): on 502/503/504 and connection errors, at most twice, with
 *   capped exponential backoff and jitter.
 * - POST and PATCH are never retried blindly: the first may already have been applied. (Lost creates
 *   are reconciled by the retry-safe create instead.)
 * Every wait must fit in what is left of the call's timeout budget.
 */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 250,
  maxDelayMs: 2_000,
  maxRetryAfterSeconds: 10,
};

const RETRYABLE_STATUS = new Set([502, 503, 504]);

export interface RetryContext {
  method: HttpMethod;
  /** Retries already made for this call (0 after the first attempt failed). */
  retriesSoFar: number;
  /** 429 retries already made for this call. */
  rateLimitRetriesSoFar: number;
  /** Milliseconds left in the call's timeout budget. */
  remainingMs: number;
  /** A number in [0, 1). */
  random: number;
}

/** Milliseconds to wait before the next attempt, or undefined to give up and report the error. */
export function retryDelay(error: V0Error, context: RetryContext, policy: RetryPolicy = DEFAULT_RETRY_POLICY) {
  let delay: number | undefined;
  if (error instanceof V0HttpError && error.status === 429) {
    const seconds = error.retryAfterSeconds;
    if (seconds === undefined || seconds > policy.maxRetryAfterSeconds || context.rateLimitRetriesSoFar > 0) {
      return undefined;
    }
    delay = seconds * 1000;
  } else if (context.method === "GET" || context.method === "DELETE") {
    const retryable =
      error instanceof V0NetworkError || (error instanceof V0HttpError && RETRYABLE_STATUS.has(error.status));
    if (!retryable || context.retriesSoFar >= policy.maxRetries) return undefined;
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** context.retriesSoFar);
    // "Equal jitter": at least half the backoff, so retries spread out without bunching at zero.
    delay = Math.round(ceiling / 2 + (ceiling / 2) * context.random);
  } else {
    return undefined;
  }
  // Leave the next attempt some time of its own; otherwise report the error now.
  return delay + 100 <= context.remainingMs ? delay : undefined;
}
