import type { ReceiveConfig } from "./args.js";
import { describeListenError } from "./listen-error.js";
import { receive } from "./receive.js";

/** Where a person learns to expose the receiver and trigger each event (the package does not ship docs/). */
export const DELIVERIES_GUIDE =
  "https://github.com/v0-webhooks-mcp/v0-webhooks-mcp/blob/main/docs/webhook-deliveries.md";

/**
 * `v0-webhooks-mcp receive`, as a command: a tool for people, not an MCP server, so it prints to
 * stdout, says where it listens and how to expose it, and stops on Ctrl-C.
 */
export async function runReceive(config: ReceiveConfig): Promise<void> {
  // `receive | head` closes stdout: stop quietly rather than crash on EPIPE.
  process.stdout.on("error", () => process.exit(0));
  const receiving = await receive(config, (text) => process.stdout.write(text)).catch((error: unknown) => {
    process.stderr.write(
      `v0-webhooks-mcp receive: ${describeListenError(error, config.host, config.port)} (--host/--port)\n`,
    );
    process.exit(1);
  });
  process.stdout.write(
    `Receiving webhook deliveries at ${receiving.url}${config.forward ? `, forwarding each to ${config.forward}` : ""}. v0 cannot reach this machine directly: expose it with a tunnel (${DELIVERIES_GUIDE}). Ctrl-C stops.\n\n`,
  );
  const stop = () => void receiving.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
