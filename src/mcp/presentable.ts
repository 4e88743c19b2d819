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
  // Trim the lists, the one taking most room first, until the whole fits; say what was left out.
  let record = value as Record<string, unknown>;
  const cuts: string[] = [];
  const lists = Object.entries(record)
    .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
    .sort(([, a], [, b]) => jsonBytes(b) - jsonBytes(a));
  for (const [key, items] of lists) {
    if (jsonBytes(record) <= MAX_RESULT_JSON_BYTES) break;
    // The most items that fit, by bisection over how many are kept.
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (jsonBytes({ ...record, [key]: items.slice(0, middle) }) <= MAX_RESULT_JSON_BYTES) low = middle;
      else high = middle - 1;
    }
    record = { ...record, [key]: items.slice(0, low) };
    cuts.push(`only the first ${low} of ${items.length} ${key} are shown`);
  }
  if (cuts.length === 0) return { value, cut: undefined };
  return {
    value: record as T,
    cut: `Cut to size: ${cuts.join(", and ")}; the rest would take this result over ${MAX_RESULT_JSON_BYTES / 1024} KB. Narrow the call (filters) to see the others.`,
  };
}

function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value, null, 2)).length;
}
