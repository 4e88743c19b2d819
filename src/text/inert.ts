/**
 * Text from v0 (a webhook's name, url, id) is data, not instructions: it reaches an agent only
 * made inert. Characters that can move text onto a line of its own, hide it, reorder it on screen
 * or drive a terminal are shown as escapes (`\u202e`), never obeyed, and every string is capped.
 *
 * The unsafe characters: C0 and C1 controls (newlines and ESC included), DEL, the bidi controls
 * (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), zero-width and invisible characters
 * (U+200B–U+200D, U+2060–U+2064, U+FEFF), the line and paragraph separators (U+2028–U+2029), lone
 * surrogates, the invisible Unicode tag characters (U+E0000–U+E007F) used to smuggle text
 * past a reader, and every other format or default-ignorable character (soft hyphens, variation
 * selectors, Hangul fillers, interlinear annotations), which a screen shows as nothing.
 */
export const UNSAFE_CHARACTER =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\p{Cs}|\p{Cf}|\p{Default_Ignorable_Code_Point}|[\u{e0000}-\u{e007f}]/gu;

/** Strings from v0 are capped at this many characters unless a field has its own limit (docs/tools.md). */
export const MAX_UPSTREAM_STRING = 1000;

const NAMES: Record<number, string> = {
  9: "TAB",
  10: "LINE FEED (a newline)",
  13: "CARRIAGE RETURN",
  27: "ESCAPE",
  7: "BELL",
  8203: "ZERO WIDTH SPACE",
  8206: "LEFT-TO-RIGHT MARK",
  8207: "RIGHT-TO-LEFT MARK",
  8232: "LINE SEPARATOR",
  8233: "PARAGRAPH SEPARATOR",
  8234: "LEFT-TO-RIGHT EMBEDDING",
  8235: "RIGHT-TO-LEFT EMBEDDING",
  8236: "POP DIRECTIONAL FORMATTING",
  8237: "LEFT-TO-RIGHT OVERRIDE",
  8238: "RIGHT-TO-LEFT OVERRIDE",
  8294: "LEFT-TO-RIGHT ISOLATE",
  8295: "RIGHT-TO-LEFT ISOLATE",
  8296: "FIRST STRONG ISOLATE",
  8297: "POP DIRECTIONAL ISOLATE",
  65279: "ZERO WIDTH NO-BREAK SPACE",
};

/** `U+202E RIGHT-TO-LEFT OVERRIDE`: how an error names a character. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) as number;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = NAMES[code];
  return name ? `${hex} ${name}` : `${hex} (a control or invisible character)`;
}

/** The first unsafe character in a text, or undefined. */
export function firstUnsafeCharacter(text: string): string | undefined {
  UNSAFE_CHARACTER.lastIndex = 0;
  const match = UNSAFE_CHARACTER.exec(text);
  UNSAFE_CHARACTER.lastIndex = 0;
  return match?.[0];
}

/** Each unsafe character written as a visible escape, `\u202e` (`\u{e0041}` beyond the BMP). */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE_CHARACTER, (char) => {
    const code = char.codePointAt(0) as number;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * A string from v0, inert: unsafe characters escaped, then capped at `max` characters with a
 * marker that says how much was cut (never inside an escape or a surrogate pair).
 */
export function inertString(text: string, max: number = MAX_UPSTREAM_STRING): string {
  const escaped = escapeUnsafe(text);
  if (escaped.length <= max) return escaped;
  let end = max;
  // Do not cut an escape in two: back up to its backslash.
  const lastEscape = escaped.lastIndexOf("\\u", end);
  if (lastEscape !== -1 && lastEscape > end - 10) {
    const escapeEnd = /^\\u(\{[0-9a-f]+\}|[0-9a-f]{4})/.exec(escaped.slice(lastEscape))?.[0].length ?? 0;
    if (lastEscape + escapeEnd > end) end = lastEscape;
  }
  // Nor a surrogate pair.
  if (/[\ud800-\udbff]/.test(escaped.charAt(end - 1))) end -= 1;
  return `${escaped.slice(0, end)}…[cut: ${escaped.length - end} more characters]`;
}

/** A string for a one-line text: inert, in double quotes, with `"` and `\` escaped (JSON string syntax). */
export function quoted(text: string, max?: number): string {
  return JSON.stringify(inertString(text, max));
}

/**
 * Every string in a JSON-like value made inert, capped at `limitFor(key)` (the name of the
 * property holding it; array items take their array's key).
 */
export function inertDeep<T>(value: T, limitFor: (key: string | undefined) => number, key?: string): T {
  if (typeof value === "string") return inertString(value, limitFor(key)) as T;
  if (Array.isArray(value)) return value.map((item) => inertDeep(item, limitFor, key)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) out[name] = inertDeep(item, limitFor, name);
    return out as T;
  }
  return value;
}
