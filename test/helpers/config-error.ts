import { expect } from "vitest";
import { loadConfig } from "../../src/cli/args.js";
import { ConfigError } from "../../src/config/errors.js";

/** The ConfigError message of `load` (it must throw one); fails the test otherwise. */
export function configErrorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

/** The ConfigError message of the CLI's configuration for this environment and these arguments. */
export function configError(env: Record<string, string | undefined>, argv: string[] = []): string {
  return configErrorOf(() => loadConfig(env, argv));
}
