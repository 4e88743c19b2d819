#!/usr/bin/env node
import { buildServer } from "../mcp/build-server.js";
import { installProcessGuards } from "../process/guards.js";
import { stderrWriter } from "../process/log.js";
import { createShutdown } from "../process/shutdown.js";
import { serve } from "../transports/index.js";
import { ConfigError, loadConfig } from "./config.js";
import { helpText } from "./help.js";
import { describeListenError } from "./listen-error.js";
import { loadNodeSend } from "./node-send.js";
import { VERSION } from "./version.js";

// The entry point only wires: config → server → transport, and the one shutdown.
let command: ReturnType<typeof loadConfig>;
try {
  command = loadConfig(process.env, process.argv.slice(2));
} catch (error) {
  const message = error instanceof ConfigError ? error.message : String(error);
  process.stderr.write(`v0-webhooks-mcp: configuration error: ${message}\n`);
  process.exit(2);
}

if (command.kind === "help") {
  process.stdout.write(helpText(VERSION));
} else if (command.kind === "version") {
  process.stdout.write(`${VERSION}\n`);
} else if (command.kind === "receive") {
  // A tool for people, not an MCP server: it prints to stdout.
  const { receive } = await import("./receive.js");
  const { forward } = command.receive;
  // `receive | head` closes stdout: stop quietly rather than crash on EPIPE.
  process.stdout.on("error", () => process.exit(0));
  const receiving = await receive(command.receive, (text) => process.stdout.write(text)).catch((error: unknown) => {
    process.stderr.write(
      `v0-webhooks-mcp receive: ${describeListenError(error, command.receive.host, command.receive.port)} (--host/--port)\n`,
    );
    process.exit(1);
  });
  process.stdout.write(
    `Receiving webhook deliveries at ${receiving.url}${forward ? `, forwarding each to ${forward}` : ""}. v0 cannot reach this machine directly: expose it with a tunnel (docs/webhook-deliveries.md). Ctrl-C stops.\n\n`,
  );
  const stop = () => void receiving.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} else {
  const { config } = command;
  const { transport } = config;
  const auth = transport.kind === "http" ? transport.auth : undefined;
  const { newServer, log } = buildServer(
    { ...config, keyPerRequest: auth?.kind === "v0-key" },
    {
      write: stderrWriter(),
      secrets: [config.apiKey, auth?.kind === "token" ? auth.token : undefined],
      loadSend: loadNodeSend,
      version: VERSION,
    },
  );
  installProcessGuards(log);
  const shutdown = createShutdown({ log });
  const drainMs = Math.min(config.timeoutMs, 10_000);
  const serving = await serve(transport, { log, newServer, drainMs, stop: shutdown.stop }).catch((error: unknown) => {
    const reason =
      transport.kind === "http"
        ? `${describeListenError(error, transport.host, transport.port)} (--host/--port, MCP_HTTP_HOST/MCP_HTTP_PORT)`
        : `cannot serve stdio: ${error instanceof Error ? error.name : "unknown error"}`;
    process.stderr.write(`v0-webhooks-mcp: ${reason}\n`);
    process.exit(1);
  });
  shutdown.attach(serving);
  const mode = config.sandbox
    ? "SANDBOX mode: in-memory v0 API"
    : `v0 API ${config.baseUrl}${auth?.kind === "v0-key" ? ", each caller's own v0 key" : config.apiKey ? "" : ", V0_API_KEY is not set"}`;
  log.info(
    `v${VERSION} ${transport.kind === "http" ? "serving MCP" : "ready"} ${serving.where} (${config.readOnly ? "read-only, " : ""}${mode})`,
  );
  if (transport.kind === "http" && process.env.npm_command === "exec") {
    // npm exec (npx) does not pass SIGTERM on: a platform stopping it would leave the server running.
    log.warn(
      "started through npx / npm exec, which does not pass SIGTERM on to the server: when hosting, run it with node directly (node node_modules/v0-webhooks-mcp/dist/index.js --http)",
    );
  }
}
