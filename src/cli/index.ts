#!/usr/bin/env node
import { createApp } from "../app.js";
import { ConfigError } from "../config/errors.js";
import { installProcessGuards } from "../process/guards.js";
import { stderrWriter } from "../process/log.js";
import { createShutdown } from "../process/shutdown.js";
import { serve } from "../transports/index.js";
import { VERSION } from "../version.js";
import { type Command, loadConfig } from "./args.js";
import { helpText } from "./help.js";
import { describeListenError } from "./listen-error.js";
import { loadNodeSend } from "./node-send.js";

// The entry point only wires: config → server → transport, and the one shutdown.
let command: Command;
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
  const { runReceive } = await import("./run-receive.js");
  await runReceive(command.receive);
} else {
  const { config } = command;
  const { transport } = config;
  const http = transport.kind === "http" ? transport : undefined;
  const { newServer, log, authorizationServer } = createApp(config, http, {
    write: stderrWriter(),
    loadSend: loadNodeSend,
  });
  installProcessGuards(log);
  const shutdown = createShutdown({ log });
  const drainMs = Math.min(config.timeoutMs, 10_000);
  const serving = await serve(transport, { log, newServer, drainMs, stop: shutdown.stop, authorizationServer }).catch(
    (error: unknown) => {
      const reason = http
        ? `${describeListenError(error, http.host, http.port)} (--host/--port, MCP_HTTP_HOST/MCP_HTTP_PORT)`
        : `cannot serve stdio: ${error instanceof Error ? error.name : "unknown error"}`;
      process.stderr.write(`v0-webhooks-mcp: ${reason}\n`);
      process.exit(1);
    },
  );
  shutdown.attach(serving);
  const mode = config.sandbox
    ? "SANDBOX mode: in-memory v0 API"
    : `v0 API ${config.baseUrl}${keyNote(http?.auth.kind, config.apiKey !== undefined)}`;
  log.info(
    `v${VERSION} ${http ? "serving MCP" : "ready"} ${serving.where} (${config.readOnly ? "read-only, " : ""}${mode})`,
  );
  if (http && process.env.npm_command === "exec") {
    // npm exec (npx) does not pass SIGTERM on: a platform stopping it would leave the server running.
    log.warn(
      "started through npx / npm exec, which does not pass SIGTERM on to the server: when hosting, run it with node directly (node node_modules/v0-webhooks-mcp/dist/index.js --http)",
    );
  }
}

/** Whose key the start-up line says v0 is called with. */
function keyNote(auth: "token" | "v0-key" | "oauth" | undefined, hasKey: boolean): string {
  if (auth === "v0-key") return ", each caller's own v0 key";
  if (auth === "oauth") return ", OAuth: each person's own v0 key, pasted when signing in";
  return hasKey ? "" : ", V0_API_KEY is not set";
}
