/**
 * Every piece of `secret` of `length` characters or more: what must not appear anywhere an
 * attacker or an operator's log could read, whole or cut (a fragment of a key narrows a search).
 */
export function fragments(secret: string, length = 8): string[] {
  const pieces = new Set<string>();
  for (let start = 0; start + length <= secret.length; start++) pieces.add(secret.slice(start, start + length));
  return [...pieces];
}

/**
 * The fragments of `secret` found in `text`, in any letter case, in every encoding a secret takes
 * in what the server writes (raw, URL-encoded, JSON-escaped).
 */
export function leakedFragments(text: string, secret: string, length = 8): string[] {
  const forms = [text, safeDecode(text), text.replace(/\\(["\\/])/g, "$1")].map((form) => form.toLowerCase());
  return fragments(secret.toLowerCase(), length).filter((piece) => forms.some((form) => form.includes(piece)));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
