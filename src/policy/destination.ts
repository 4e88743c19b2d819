import type { Config } from "../config.js";
import { InputError } from "../errors/input-error.js";

/**
 * Where a webhook may send chat content. Checked for create and update before anything is sent.
 * Throws an InputError that says why and which variable changes it.
 */
export function assertAllowedDestination(rawUrl: string, config: Pick<Config, "allowHttpWebhooks">): void {
  const url = new URL(rawUrl);
  if (url.protocol === "http:" && !config.allowHttpWebhooks) {
    throw new InputError(
      "url: must use https:// (chat content would travel in clear). Plain http is allowed only when the server is started with V0_WEBHOOK_ALLOW_HTTP=1.",
    );
  }
}
