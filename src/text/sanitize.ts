import { UNSAFE_CHARACTER } from "./inert.js";

/** Upstream text is untrusted: it may be an HTML error page, a stack trace, or a prompt injection. */
export const MAX_UPSTREAM_TEXT = 300;

const TAG = /<[^>]*>/g;

/**
 * Strips markup and control characters, folds whitespace, and caps the length. `redact` scrubs the
 * secrets first: a text is always scrubbed before it is cut, so no fragment of a secret survives.
 */
export function sanitizeUpstreamText(text: string, max = MAX_UPSTREAM_TEXT, redact?: (text: string) => string): string {
  const clean = (redact ? redact(text) : text)
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(TAG, " ")
    .replace(UNSAFE_CHARACTER, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (clean.length <= max) return clean;
  const end = /[\ud800-\udbff]/.test(clean.charAt(max - 2)) ? max - 2 : max - 1;
  return `${clean.slice(0, end).trimEnd()}…`;
}

/** True when a body looks like an HTML document rather than an API message. */
export function looksLikeHtml(text: string, contentType: string | null): boolean {
  if (contentType?.toLowerCase().includes("html")) return true;
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}
