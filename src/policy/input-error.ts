/**
 * The agent's arguments were not acceptable. Nothing was sent to v0. One line per problem, each
 * naming the field and what to do, so a call with several bad arguments learns of all of them.
 */
export class InputError extends Error {
  override name = "InputError";
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const lines = typeof problems === "string" ? [problems] : [...problems];
    super(lines.join("\n"));
    this.problems = lines;
  }
}
