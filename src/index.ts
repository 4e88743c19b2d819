#!/usr/bin/env node
import { ConfigError, loadConfig } from "./config.js";
import { applyHeapLimits, STDIO_HEAP_LIMITS } from "./heap-limits.js";
import { helpText } from "./help.js";
import { createLogger } from "./log.js";
import { installProcessGuards } from "./process-guards.js";
import { createRedactor } from "./text/redact.js";
import { serveStdio } from "./transports/stdio.js";
import { VERSION } from "./version.js";

// The entry point only wires: config → server → transport. It imports nothing heavy: the tools
// (zod, the v0 client) are loaded lazily, for stdio after the first `initialize` is answered; the
// MCP SDK is loaded only for HTTP (stdio speaks the protocol itself: transports/dispatch.ts).
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
  const loadRuntime = async () => (await import("./runtime.js")).createRuntime(config, log, VERSION);
  const mode = `(${config.readOnly ? "read-only, " : ""}${
    config.sandbox
      ? "SANDBOX mode: in-memory v0 API"
      : `v0 API ${config.baseUrl}${config.apiKey ? "" : ", V0_API_KEY is not set"}`
  })`;

  if (config.http) {
    const handlers = await loadRuntime();
    const { createServer } = await import("./server.js");
    const { serveHttp } = await import("./transports/http.js");
    const newServer = () => createServer(handlers, VERSION);
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
    const heap = applyHeapLimits(STDIO_HEAP_LIMITS);
    await serveStdio({
      log,
      version: VERSION,
      drainMs,
      load: loadRuntime,
    });
    log.info(`v${VERSION} ready on stdio ${mode}${heap.length ? `; heap: ${heap.join(", ")}` : ""}`);
  }
}
