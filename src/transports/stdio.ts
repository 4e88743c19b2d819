import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Logger } from "../log.js";

/**
 * Serves over stdio. stdout carries JSON-RPC only. The SDK transport does not notice when stdin
 * closes, so this does: the client going away (stdin end), SIGINT and SIGTERM all exit 0.
 */
export async function serveStdio(
  server: Server,
  log: Logger,
  exit: (code: number) => void = process.exit,
): Promise<void> {
  const transport = new StdioServerTransport();
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`shutting down (${reason})`);
    server.close().then(
      () => exit(0),
      () => exit(0),
    );
  };

  // A malformed line on stdin is reported and skipped; the server keeps serving.
  server.onerror = (error) => log.warn(`ignored input that is not a JSON-RPC message: ${error.message.slice(0, 200)}`);
  process.stdin.on("end", () => stop("stdin closed"));
  process.stdin.on("close", () => stop("stdin closed"));
  process.stdout.on("error", () => stop("stdout closed"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  await server.connect(transport);
}
