#!/usr/bin/env node
import { ConfigError, loadConfig } from "./config.js";
import { helpText } from "./help.js";
import { createLogger } from "./log.js";
import { createServerFactory } from "./mcp/server.js";
import { installProcessGuards } from "./process-guards.js";
import { createRedactor } from "./text/redact.js";
import { VERSION } from "./version.js";

// The entry point only wires: config → server → transport.
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
} else {
  const { config } = command;
  const log = createLogger(createRedactor([config.apiKey, config.http?.token]));
  installProcessGuards(log);
  const drainMs = Math.min(config.timeoutMs, 10_000);
  const handlers = (await import("./runtime.js")).createRuntime(config, log, VERSION);
  const newServer = createServerFactory(handlers, VERSION);
  const mode = `(${config.readOnly ? "read-only, " : ""}${
    config.sandbox
      ? "SANDBOX mode: in-memory v0 API"
      : `v0 API ${config.baseUrl}${config.apiKey ? "" : ", V0_API_KEY is not set"}`
  })`;

  if (config.http) {
    const { serveHttp } = await import("./transports/http.js");
    const running = await serveHttp({ config: config.http, log, newServer, drainMs }).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      process.stderr.write(
        `v0-webhooks-mcp: cannot listen on ${config.http?.host}:${config.http?.port} (--host/--port, MCP_HTTP_HOST/MCP_HTTP_PORT): ${reason}\n`,
      );
      process.exit(1);
    });
    log.info(`v${VERSION} serving MCP at ${running.url} ${mode}`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) process.exit(0);
      stopping = true;
      log.info(`shutting down (${signal})`);
      void running.close().then(() => process.exit(0));
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  } else {
    const { serveStdio } = await import("./transports/stdio.js");
    serveStdio({ log, newServer, drainMs });
    log.info(`v${VERSION} ready on stdio ${mode}`);
  }
}
