/**
 * Typed failures of the v0 API client. Each keeps what an agent needs to act: the HTTP status,
 * v0's own message (already sanitized), and whether the request may have reached v0.
 * Nothing here holds request headers or the API key.
 */
export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export abstract class V0Error extends Error {
  abstract readonly kind: string;
  /** Set by the client when an earlier attempt of the same call may have been applied. */
  afterLostAttempt = false;
  constructor(
    message: string,
    readonly method: HttpMethod,
    readonly path: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
  /**
   * True when v0 may have received and acted on the request even though no usable answer came
   * back (timeouts, resets, gateway errors). A create that fails this way may have created a hook.
   */
  get mayHaveBeenApplied(): boolean {
    return false;
  }
}

/** No API key is configured: nothing was sent. */
export class V0MissingKeyError extends V0Error {
  readonly kind = "missing_key";
  constructor(method: HttpMethod, path: string) {
    super("V0_API_KEY is not set", method, path);
  }
}

/** v0 answered with a non-2xx status. */
export class V0HttpError extends V0Error {
  readonly kind = "http";
  constructor(
    method: HttpMethod,
    path: string,
    readonly status: number,
    readonly statusText: string,
    /** v0's message (`message`, or `error.message` of the older envelope, or short plain text). */
    readonly upstreamMessage: string | undefined,
    /** Seconds from a `Retry-After` header, when present and parseable. */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(
      `v0 answered ${status}${statusText ? ` ${statusText}` : ""}${upstreamMessage ? `: ${upstreamMessage}` : ""}`,
      method,
      path,
    );
  }
  override get mayHaveBeenApplied(): boolean {
    return this.status === 502 || this.status === 503 || this.status === 504;
  }
}

/** The request did not complete within the configured timeout. */
export class V0TimeoutError extends V0Error {
  readonly kind = "timeout";
  constructor(
    method: HttpMethod,
    path: string,
    readonly timeoutMs: number,
  ) {
    super(`v0 did not answer within ${timeoutMs} ms`, method, path);
  }
  override get mayHaveBeenApplied(): boolean {
    return true;
  }
}

/** The caller (the MCP client) cancelled the request. */
export class V0CancelledError extends V0Error {
  readonly kind = "cancelled";
  constructor(method: HttpMethod, path: string) {
    super("the request was cancelled", method, path);
  }
  override get mayHaveBeenApplied(): boolean {
    return true;
  }
}

/** The connection failed: refused, reset, DNS, TLS. */
export class V0NetworkError extends V0Error {
  readonly kind = "network";
  constructor(
    method: HttpMethod,
    path: string,
    /** A system error code such as ECONNREFUSED or ECONNRESET, when known. */
    readonly code: string | undefined,
    /** False only when the connection was never established (refused, DNS failure). */
    private readonly requestMayHaveBeenSent: boolean,
  ) {
    super(`could not reach v0${code ? ` (${code})` : ""}`, method, path);
  }
  override get mayHaveBeenApplied(): boolean {
    return this.requestMayHaveBeenSent;
  }
}

/** v0 answered 2xx, but the body was not what the API documents (HTML, truncated JSON, missing fields). */
export class V0InvalidResponseError extends V0Error {
  readonly kind = "invalid_response";
  constructor(
    method: HttpMethod,
    path: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`v0 answered ${status} with an unexpected body: ${detail}`, method, path);
  }
}
