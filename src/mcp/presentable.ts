import { inertDeep } from "../text/inert.js";
import { redactDeep } from "../text/redact.js";

/**
 * The most a tool result's JSON may take, in UTF-8 bytes (pretty-printed, as the text shows it).
 * With the one-line summary and structuredContent beside it, a whole result stays well under 100 KB.
 */
export const MAX_RESULT_JSON_BYTES = 30 * 1024;

export interface Presentable<T> {
  /** The output as the agent gets it: scrubbed, inert, within the budget. */
  value: T;
  /** What was left out to fit the budget, as a sentence for the text; undefined when nothing was. */
  cut: string | undefined;
}

/**
 * A tool's output made fit to hand to an agent, in this order: scrubbed of every secret (before
 * anything is cut), every string made inert and capped at its field's limit (text/inert.ts), then
 * the longest list trimmed until the JSON fits MAX_RESULT_JSON_BYTES, saying how much was left out.
 */
export function presentable<T>(
  output: T,
  options: { redact: (text: string) => string; limitFor: (key: string | undefined) => number },
): Presentable<T> {
  const value = inertDeep(redactDeep(output, options.redact), options.limitFor);
  if (jsonBytes(value) <= MAX_RESULT_JSON_BYTES || value === null || typeof value !== "object") {
    return { value, cut: undefined };
  }
  const record = value as Record<string, unknown>;
  const lists = Object.entries(record)
    .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
    .sort(([, a], [, b]) => b.length - a.length);
  for (const [key, items] of lists) {
    // The most items that fit, by bisection over how many are kept.
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (jsonBytes({ ...record, [key]: items.slice(0, middle) }) <= MAX_RESULT_JSON_BYTES) low = middle;
      else high = middle - 1;
    }
    if (low < items.length) {
      const kept = { ...record, [key]: items.slice(0, low) } as T;
      return {
        value: kept,
        cut: `Only the first ${low} of ${items.length} ${key} are shown: the rest would take this result over ${MAX_RESULT_JSON_BYTES / 1024} KB. Narrow the call (filters) to see the others.`,
      };
    }
  }
  return { value, cut: undefined };
}

function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value, null, 2)).length;
}
