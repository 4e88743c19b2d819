/** The environment, as a plain object: `process.env` on Node and Vercel, the `env` binding on Workers. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A configuration that cannot work. Its message says what to set, and never repeats a refused value. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * How an error refers to a value it refuses: never the value itself, which may be a key pasted
 * into the wrong place (an argument, V0_SANDBOX, --host), only its length.
 */
export function notShown(raw: string): string {
  return `(the value given, ${[...raw].length} characters, is not repeated here in case it is a secret)`;
}
