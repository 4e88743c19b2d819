import type { ZodError } from "zod/v3";

/** Turns a zod error into one line per problem, naming the field and what is allowed. */
export function describeZodError(
  error: ZodError,
  allowedFields: readonly string[],
  fieldHints: Readonly<Record<string, string>> = {},
): string {
  const lines = error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      const hinted = issue.keys.filter((key) => Object.hasOwn(fieldHints, key));
      const unknown = issue.keys.filter((key) => !Object.hasOwn(fieldHints, key));
      return [
        ...hinted.map((key) => `${key}: ${fieldHints[key]}`),
        ...(unknown.length
          ? [
              `unknown field(s) ${unknown.map((k) => JSON.stringify(k)).join(", ")}; allowed fields: ${allowedFields.join(", ") || "none"}`,
            ]
          : []),
      ];
    }
    const field = issue.path.length ? formatPath(issue.path) : "arguments";
    if (issue.code === "invalid_type" && issue.received === "undefined") return `${field}: is required`;
    if (issue.code === "invalid_type" && issue.path.length === 0) return "arguments must be a JSON object";
    return `${field}: ${issue.message}`;
  });
  return [...new Set(lines)].join("\n");
}

function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}
