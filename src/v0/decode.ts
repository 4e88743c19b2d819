import type { z } from "zod/v3";
import { looksLikeHtml, sanitizeUpstreamText } from "../text/sanitize.js";
import { type HttpMethod, V0InvalidResponseError } from "./errors.js";
import type { RawResponse } from "./send.js";

/** Reading what v0 answered: bodies against their schemas, error messages, Retry-After, error codes. */

export function parseBody<S extends z.ZodTypeAny>(
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

/**
 * v2 answers `{message}`; older deployments `{error: {message}}`; gateways HTML or plain text.
 * The message is decoded first (JSON.parse turns `\u0042` back into `B`), then scrubbed of the
 * secrets `redact` knows, then cleaned and cut: in that order, no fragment of a secret survives.
 */
export function upstreamMessage(
  text: string,
  contentType: string | null,
  redact: (text: string) => string,
): string | undefined {
  if (!text.trim()) return undefined;
  const clean = (message: string) => sanitizeUpstreamText(message, undefined, redact) || undefined;
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === "object") {
      const record = json as { message?: unknown; error?: unknown };
      if (typeof record.message === "string") return clean(record.message);
      if (record.error && typeof record.error === "object") {
        const inner = (record.error as { message?: unknown }).message;
        if (typeof inner === "string") return clean(inner);
      }
      if (typeof record.error === "string") return clean(record.error);
    }
    return undefined;
  } catch {
    if (looksLikeHtml(text, contentType)) return undefined;
    return clean(text);
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

export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
