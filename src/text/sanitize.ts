/** Upstream text is untrusted: it may be an HTML error page, a stack trace, or a prompt injection. */
export const MAX_UPSTREAM_TEXT = 300;

const TAG = /<[^>]*>/g;
// C0/C1 control characters and Unicode bidi/zero-width controls, which can hide text from a reader.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Strips markup and control characters, folds whitespace, and caps the length. */
export function sanitizeUpstreamText(text: string, max = MAX_UPSTREAM_TEXT): string {
  const clean = text
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(TAG, " ")
    .replace(CONTROL, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (clean.length <= max) return clean;
  return `${clean.slice(0, max - 1).trimEnd()}…`;
}

/** True when a body looks like an HTML document rather than an API message. */
export function looksLikeHtml(text: string, contentType: string | null): boolean {
  if (contentType?.toLowerCase().includes("html")) return true;
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}
