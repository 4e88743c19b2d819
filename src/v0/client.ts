import type { z } from "zod/v3";
import { REDACTED } from "../text/redact.js";
import { looksLikeHtml, sanitizeUpstreamText } from "../text/sanitize.js";
import {
  type HttpMethod,
  V0CancelledError,
  V0Error,
  V0HttpError,
  V0InvalidResponseError,
  V0MissingKeyError,
  V0NetworkError,
  V0TimeoutError,
} from "./errors.js";
import type { RawResponse, Send } from "./http-send.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay } from "./retry-policy.js";
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
  /** One HTTP exchange; defaults to node:http(s) with keep-alive. Injected for tests. */
  send?: Send;
  /** When to retry; defaults to DEFAULT_RETRY_POLICY. */
  retryPolicy?: RetryPolicy;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (retry: { method: HttpMethod; path: string; error: V0Error; delayMs: number }) => void;
  /** Randomness for backoff jitter; injected for tests. */
  random?: () => number;
}

/** Bodies larger than this are not read in full: no v0 hooks answer comes close. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Connection failures that prove the request never left this machine. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/**
 * node:http(s) and the keep-alive agents load with the first request, not with the tools: a client
 * asks for tools/list right after start, and a tool call comes later.
 */
let nodeSendLoading: Promise<Send> | undefined;
const loadNodeSend = (): Promise<Send> => {
  nodeSendLoading ??= import("./http-send.js").then((module) => module.nodeSend);
  return nodeSendLoading;
};

/** The v0 Platform API hooks resource over HTTP. Knows nothing of MCP. */
export class V0Client implements HooksApi {
  private send: Send | undefined;
  private readonly retryPolicy: RetryPolicy;
  private readonly random: () => number;

  constructor(private readonly options: V0ClientOptions) {
    this.send = options.send;
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.random = options.random ?? Math.random;
  }

  createHook(body: CreateHookBody, options?: CallOptions) {
    return this.request("POST", "/hooks", webhookResponseSchema, options, body);
  }

  listHooks(options?: CallOptions) {
    return this.request("GET", "/hooks", webhookListResponseSchema, options);
  }

  async getHook(hookId: string, options?: CallOptions) {
    return this.request("GET", hookPath(hookId), webhookResponseSchema, options);
  }

  async updateHook(hookId: string, body: UpdateHookBody, options?: CallOptions) {
    return this.request("PATCH", hookPath(hookId), webhookResponseSchema, options, body);
  }

  async deleteHook(hookId: string, options?: CallOptions) {
    try {
      return await this.request("DELETE", hookPath(hookId), deleteResponseSchema, options);
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
    // Outside the network error handling below: failing to load node:http(s) sends nothing.
    this.send ??= await loadNodeSend();
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
        // v0 may echo the key back: scrub it before the text is cut, so no part of it survives.
        const scrubbed = apiKey ? text.split(apiKey).join(REDACTED) : text;
        throw new V0HttpError(
          method,
          path,
          response.status,
          sanitizeUpstreamText(response.statusText, 60),
          upstreamMessage(scrubbed, response.header("content-type")),
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

/**
 * Path parameters are URL-encoded so an id like `../chats` or `a/b?x=1` cannot reach another
 * endpoint. `.` and `..` survive encoding and a URL parser resolves them (`/v2/hooks/..` is
 * `/v2/`), so they are refused outright. (`%2e` is encoded to `%252e`, which is harmless.)
 */
export function hookPath(hookId: string): string {
  if (hookId === "" || hookId === "." || hookId === "..") {
    throw new RangeError(`invalid hook id ${JSON.stringify(hookId)}`);
  }
  return `/hooks/${encodeURIComponent(hookId)}`;
}

function parseBody<S extends z.ZodTypeAny>(
  schema: S,
  text: string,
  response: RawResponse,
  method: HttpMethod,
  path: string,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const what = looksLikeHtml(text, response.header("content-type"))
      ? "an HTML page instead of JSON"
      : text.trim() === ""
        ? "an empty body"
        : "malformed or truncated JSON";
    throw new V0InvalidResponseError(method, path, response.status, what);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "body";
    throw new V0InvalidResponseError(
      method,
      path,
      response.status,
      `field "${where}" ${issue?.code === "invalid_type" && issue.received === "undefined" ? "is missing" : "is not what the API documents"}`,
    );
  }
  return parsed.data;
}

/** v2 answers `{message}`; older deployments `{error: {message}}`; gateways HTML or plain text. */
export function upstreamMessage(text: string, contentType: string | null): string | undefined {
  if (!text.trim()) return undefined;
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === "object") {
      const record = json as { message?: unknown; error?: unknown };
      if (typeof record.message === "string") return sanitizeUpstreamText(record.message) || undefined;
      if (record.error && typeof record.error === "object") {
        const inner = (record.error as { message?: unknown }).message;
        if (typeof inner === "string") return sanitizeUpstreamText(inner) || undefined;
      }
      if (typeof record.error === "string") return sanitizeUpstreamText(record.error) || undefined;
    }
    return undefined;
  } catch {
    if (looksLikeHtml(text, contentType)) return undefined;
    return sanitizeUpstreamText(text) || undefined;
  }
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
