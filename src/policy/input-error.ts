/** The agent's arguments were not acceptable. Nothing was sent to v0. */
export class InputError extends Error {
  override name = "InputError";
}
