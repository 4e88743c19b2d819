export const REDACTED = "[redacted]";

/**
 * Returns a function that replaces every occurrence of the given secrets in a string.
 * Secrets shorter than 8 characters are not scrubbed (they would mangle ordinary text);
 * config rejects API keys that short.
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  const active = secrets.filter((s): s is string => typeof s === "string" && s.length >= 8);
  if (active.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of active) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  };
}

/** Applies a string redactor to every string inside a JSON-like value. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[redact(key)] = redactDeep(item, redact);
    return out as T;
  }
  return value;
}
