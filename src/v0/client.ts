import type { z } from "zod/v3";
import { createRedactor } from "../text/redact.js";
import { sanitizeUpstreamText } from "../text/sanitize.js";
import { networkErrorCode, parseBody, parseRetryAfter, upstreamMessage } from "./decode.js";
import {
  type HttpMethod,
  V0CancelledError,
  V0Error,
  V0HttpError,
  V0MissingKeyError,
  V0NetworkError,
  V0TimeoutError,
} from "./errors.js";
import { hookPath, OPERATIONS } from "./paths.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay } from "./retry-policy.js";
import type { RawResponse, Send } from "./send.js";
import {
  type CallOptions,
  type CreateHookBody,
  deleteResponseSchema,
  type HooksApi,
  type UpdateHookBody,
  webhookListResponseSchema,
  webhookResponseSchema,
} from "./types.js";

export interface V0ClientOptions {
  /** e.g. `https://api.v0.dev/v2`, without a trailing slash. Requests go to `${baseUrl}/hooks`. */
  baseUrl: string;
  apiKey: string | undefined;
  timeoutMs: number;
  userAgent: string;
  /**
   * How one HTTP exchange is made, loaded with the first request (not with the tools: a client asks
   * for tools/list first): node:http(s) with keep-alive on Node (cli/node-send.ts), the Web fetch
   * elsewhere (v0/fetch-send.ts). The client itself imports neither, so it runs anywhere.
   */
  loadSend: () => Promise<Send>;
  /** When to retry; defaults to DEFAULT_RETRY_POLICY. */
  retryPolicy?: RetryPolicy;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (retry: { method: HttpMethod; path: string; error: V0Error; delayMs: number }) => void;
  /**
   * Scrubs secrets from v0's text (its status line and message) after it is decoded and before it
   * is cut: the entry's one redactor, which knows every secret of the request (the key sent, the
   * server's token). Defaults to scrubbing the key this client sends.
   */
  redact?: (text: string) => string;
  /** Randomness for backoff jitter; injected for tests. */
  random?: () => number;
}

/** Bodies larger than this are not read in full: no v0 hooks answer comes close. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Connection failures that prove the request never left this machine. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/** The v0 Platform API hooks resource over HTTP. Knows nothing of MCP. */
export class V0Client implements HooksApi {
  private send: Send | undefined;
  private sendLoading: Promise<Send> | undefined;
  private readonly retryPolicy: RetryPolicy;
  private readonly random: () => number;
  /** Scrubs v0's error text before it is cut, so no part of a secret survives (see V0ClientOptions.redact). */
  private readonly redact: (text: string) => string;

  constructor(private readonly options: V0ClientOptions) {
    this.redact = options.redact ?? createRedactor([options.apiKey]);
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.random = options.random ?? Math.random;
  }

  createHook(body: CreateHookBody, options?: CallOptions) {
    return this.request(OPERATIONS.createHook.method, OPERATIONS.createHook.path, webhookResponseSchema, options, body);
  }

  listHooks(options?: CallOptions) {
    return this.request(OPERATIONS.listHooks.method, OPERATIONS.listHooks.path, webhookListResponseSchema, options);
  }

  async getHook(hookId: string, options?: CallOptions) {
    return this.request(OPERATIONS.getHook.method, hookPath(hookId), webhookResponseSchema, options);
  }

  async updateHook(hookId: string, body: UpdateHookBody, options?: CallOptions) {
    return this.request(OPERATIONS.updateHook.method, hookPath(hookId), webhookResponseSchema, options, body);
  }

  async deleteHook(hookId: string, options?: CallOptions) {
    try {
      return await this.request(OPERATIONS.deleteHook.method, hookPath(hookId), deleteResponseSchema, options);
    } catch (error) {
      // The first DELETE went through but its answer was lost; the retry then finds nothing.
      if (error instanceof V0HttpError && error.status === 404 && error.afterLostAttempt) {
        return { id: hookId, deleted: true as const };
      }
      throw error;
    }
  }

  /** One call: attempts and retries share the V0_TIMEOUT_MS budget. */
  private async request<S extends z.ZodTypeAny>(
    method: HttpMethod,
    path: string,
    schema: S,
    options: CallOptions | undefined,
    body?: unknown,
  ): Promise<z.output<S>> {
    if (!this.options.apiKey) throw new V0MissingKeyError(method, path);
    const signal = options?.signal;
    const deadline = Math.min(options?.deadline ?? Number.POSITIVE_INFINITY, Date.now() + this.options.timeoutMs);
    let retries = 0;
    let rateLimitRetries = 0;
    let earlierAttemptMayHaveApplied = false;
    for (;;) {
      try {
        return await this.attempt(method, path, schema, signal, body, deadline);
      } catch (error) {
        if (!(error instanceof V0Error)) throw error;
        error.afterLostAttempt = earlierAttemptMayHaveApplied;
        earlierAttemptMayHaveApplied ||= error.mayHaveBeenApplied;
        const delay = retryDelay(
          error,
          {
            method,
            retriesSoFar: retries,
            rateLimitRetriesSoFar: rateLimitRetries,
            remainingMs: deadline - Date.now(),
            random: this.random(),
          },
          this.retryPolicy,
        );
        if (delay === undefined) throw error;
        if (error instanceof V0HttpError && error.status === 429) rateLimitRetries++;
        else retries++;
        this.options.onRetry?.({ method, path, error, delayMs: delay });
        await sleep(delay, signal).catch(() => {
          throw new V0CancelledError(method, path);
        });
      }
    }
  }

  /** One HTTP exchange, ended by the deadline or the caller's signal. */
  private async attempt<S extends z.ZodTypeAny>(
    method: HttpMethod,
    path: string,
    schema: S,
    callerSignal: AbortSignal | undefined,
    body: unknown,
    deadline: number,
  ): Promise<z.output<S>> {
    const { apiKey, baseUrl, timeoutMs, userAgent } = this.options;
    // Outside the network error handling below: failing to load the sender sends nothing.
    if (!this.send) {
      this.sendLoading ??= this.options.loadSend();
      this.send = await this.sendLoading;
    }
    const send = this.send;
    if (callerSignal?.aborted) throw new V0CancelledError(method, path);
    if (deadline <= Date.now()) throw new V0TimeoutError(method, path, timeoutMs);

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        controller.abort();
      },
      Math.max(0, deadline - Date.now()),
    );
    const onCallerAbort = () => controller.abort();
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });

    const headers: Record<string, string> = {
      Authorization: `Bearer ${apiKey}`,
      Accept: "application/json",
      "User-Agent": userAgent,
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";

    try {
      let response: RawResponse;
      try {
        response = await send(`${baseUrl}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: controller.signal,
          maxBodyBytes: MAX_BODY_BYTES,
        });
      } catch (error) {
        if (timedOut) throw new V0TimeoutError(method, path, timeoutMs);
        if (callerSignal?.aborted) throw new V0CancelledError(method, path);
        const code = networkErrorCode(error);
        throw new V0NetworkError(method, path, code, !(code && NOT_SENT_CODES.has(code)));
      }

      const { text } = response;
      if (response.status < 200 || response.status >= 300) {
        // v0 may echo the key back, in its status line or its message: each is decoded, then
        // scrubbed, then cut, so no part of it survives.
        throw new V0HttpError(
          method,
          path,
          response.status,
          sanitizeUpstreamText(response.statusText, 60, this.redact),
          upstreamMessage(text, response.header("content-type"), this.redact),
          parseRetryAfter(response.header("retry-after")),
        );
      }
      return parseBody(schema, text, response, method, path);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    }
  }
}

/** Resolves after `ms`, or rejects as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
