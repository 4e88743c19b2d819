import type { ZodError, ZodIssue } from "zod/v3";

/** Turns a zod error into one line per problem, naming the field and what is allowed. */
export function describeZodError(
  error: ZodError,
  allowedFields: readonly string[],
  fieldHints: Readonly<Record<string, string>> = {},
): string {
  return zodProblems(error, allowedFields, fieldHints).join("\n");
}

/**
 * Every problem zod found, one line each (`field: what is wrong or allowed`), in the order of
 * `allowedFields`, unknown fields last. Entries of one list that fail the same way share a line
 * (`events[0], events[2]: each event must be one of: …`).
 */
export function zodProblems(
  error: ZodError,
  allowedFields: readonly string[],
  fieldHints: Readonly<Record<string, string>> = {},
): string[] {
  // One line per message and top-level field, naming every path it is about.
  const grouped = new Map<string, { message: string; fields: string[] }>();
  const add = (top: string, field: string | undefined, message: string) => {
    const key = `${top}\u0000${message}`;
    const group = grouped.get(key) ?? { message, fields: [] };
    if (field !== undefined && !group.fields.includes(field)) group.fields.push(field);
    grouped.set(key, group);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const unknown: string[] = [];
      for (const key of issue.keys) {
        const hint = Object.hasOwn(fieldHints, key) ? fieldHints[key] : undefined;
        if (hint === undefined) unknown.push(key);
        else add(key, key, hint);
      }
      if (unknown.length) {
        add(
          "",
          undefined,
          `unknown field(s) ${unknown.map((k) => JSON.stringify(k)).join(", ")}; allowed fields: ${allowedFields.join(", ") || "none"}`,
        );
      }
      continue;
    }
    if (issue.code === "invalid_type" && issue.path.length === 0) {
      add("", undefined, "arguments must be a JSON object");
      continue;
    }
    const top = issue.path.length ? String(issue.path[0]) : "";
    add(top, issue.path.length ? formatPath(issue.path) : "arguments", messageOf(issue));
  }
  return inFieldOrder(
    [...grouped.values()].map(({ fields, message }) => (fields.length ? `${fields.join(", ")}: ${message}` : message)),
    allowedFields,
  );
}

/**
 * Problem lines in the order of the fields they begin with (`url: …`, `events[1]: …`), as the
 * schema lists them; lines about other fields, or the whole call, keep their order after them.
 */
export function inFieldOrder(lines: readonly string[], fields: readonly string[]): string[] {
  const rank = (line: string) => {
    const index = fields.indexOf(/^[A-Za-z_$][\w$]*/.exec(line)?.[0] ?? "");
    return index === -1 ? fields.length : index;
  };
  return [...lines].sort((a, b) => rank(a) - rank(b));
}

function messageOf(issue: ZodIssue): string {
  return issue.code === "invalid_type" && issue.received === "undefined" ? "is required" : issue.message;
}

function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}
