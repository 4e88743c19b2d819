export const REDACTED = "[redacted]";

/** A function that scrubs every secret it knows from a text. */
export type Redact = (text: string) => string;

/**
 * The one scrubbing rule. Returns a function that replaces every occurrence of the given secrets
 * in a text, in every form a secret can take in what this server writes: raw, JSON-escaped (`\"`,
 * `\\`, `\u0042`, or any mix of those per character) and URL-encoded (`%42`, either hex case);
 * and any run of FRAGMENT characters of it, raw or base64-encoded (a hostile upstream echoing the
 * key as Basic credentials or in a token).
 *
 * Where it runs: on every text that leaves the server (a tool result, its structuredContent, an
 * error, a log line, an HTTP error body), last, and on upstream text after it is decoded and
 * before it is cut to length, so no cut can leave a fragment of a secret behind.
 *
 * Secrets shorter than 8 characters are not scrubbed (they would mangle ordinary text); config
 * refuses keys and tokens that short.
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redact {
  const active = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= 8))];
  if (active.length === 0) return (text) => text;
  // Longest first, so a secret that contains another is replaced whole.
  const pattern = new RegExp(
    active
      .sort((a, b) => b.length - a.length)
      .map(encodedForms)
      .join("|"),
    "g",
  );
  const windows = new Set(
    active.flatMap((secret) => [secret, ...base64Forms(secret)].flatMap((form) => pieces(form, FRAGMENT))),
  );
  return (text) => (typeof text === "string" ? scrubFragments(text.replace(pattern, REDACTED), windows) : text);
}

/**
 * A run of this many characters of a secret is a fragment: a hostile upstream can echo a key in
 * halves, masked in the middle (`sk_live_ab******yz`), or with one character encoded, so any such
 * run is scrubbed too, not only the whole secret.
 */
const FRAGMENT = 8;

function pieces(secret: string, length: number): string[] {
  const out: string[] = [];
  for (let start = 0; start + length <= secret.length; start++) out.push(secret.slice(start, start + length));
  return out;
}

/**
 * The secret's characters as they appear inside base64 (standard and URL-safe), at each of the three
 * byte alignments it can start at: only the characters its own bytes decide, not its neighbours'.
 */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const forms: string[] = [];
  for (const offset of [0, 1, 2]) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    let binary = "";
    for (const byte of padded) binary += String.fromCharCode(byte);
    const encoded = btoa(binary);
    const inner = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * padded.length) / 6));
    forms.push(inner, inner.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms;
}

/** Replaces every maximal run of text covered by FRAGMENT-long pieces of a secret. */
function scrubFragments(text: string, windows: ReadonlySet<string>): string {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i + FRAGMENT <= text.length; i++) {
    if (!windows.has(text.slice(i, i + FRAGMENT))) continue;
    const last = runs[runs.length - 1];
    if (last && i <= last[1]) last[1] = i + FRAGMENT;
    else runs.push([i, i + FRAGMENT]);
  }
  if (runs.length === 0) return text;
  let out = "";
  let from = 0;
  for (const [start, end] of runs) {
    out += `${text.slice(from, start)}${REDACTED}`;
    from = end;
  }
  return out + text.slice(from);
}

/** One secret as a pattern: each character raw, JSON-escaped or percent-encoded. */
function encodedForms(secret: string): string {
  return [...secret].map(characterForms).join("");
}

function characterForms(char: string): string {
  const forms = [escapeRegExp(char)];
  const code = char.codePointAt(0) as number;
  if (char === '"' || char === "\\" || char === "/") forms.push(escapeRegExp(`\\${char}`));
  const escapes: Record<string, string> = { "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  if (escapes[char]) forms.push(escapeRegExp(escapes[char]));
  // \uXXXX (a character outside the BMP is two of them, a surrogate pair).
  const units = char.length === 1 ? [code] : [char.charCodeAt(0), char.charCodeAt(1)];
  forms.push(units.map((unit) => `\\\\u${hexPattern(unit, 4)}`).join(""));
  // %XX for each UTF-8 byte.
  forms.push([...new TextEncoder().encode(char)].map((byte) => `%${hexPattern(byte, 2)}`).join(""));
  return `(?:${forms.join("|")})`;
}

/** A number as hex digits, matching either case. */
function hexPattern(value: number, width: number): string {
  return [...value.toString(16).padStart(width, "0")]
    .map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
    .join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** Applies a string redactor to every string inside a JSON-like value. */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[redact(key)] = redactDeep(item, redact);
    return out as T;
  }
  return value;
}
