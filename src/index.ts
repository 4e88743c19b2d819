#!/usr/bin/env node
import { ConfigError, loadConfig } from "./config.js";
import { helpText } from "./help.js";
import { InFlight } from "./in-flight.js";
import { createLogger } from "./log.js";
import { installProcessGuards } from "./process-guards.js";
import { MemoryHooksApi } from "./sandbox/memory-hooks-api.js";
import { createServer } from "./server.js";
import { createRedactor } from "./text/redact.js";
import { selectTools } from "./tools/index.js";
import { serveStdio } from "./transports/stdio.js";
import { V0Client } from "./v0/client.js";
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
  const log = createLogger(createRedactor([config.apiKey]));
  installProcessGuards(log);
  const api = config.sandbox
    ? new MemoryHooksApi()
    : new V0Client({
        baseUrl: config.baseUrl,
        apiKey: config.apiKey,
        timeoutMs: config.timeoutMs,
        userAgent: `v0-webhooks-mcp/${VERSION}`,
        onRetry: ({ method, path, error, delayMs }) =>
          log.info(`retrying ${method} ${path} in ${delayMs} ms after: ${error.message}`),
      });
  const { enabled, disabled } = selectTools(config);
  const inFlight = new InFlight();
  const server = createServer({ config, api, tools: enabled, disabled, version: VERSION, log, inFlight });
  await serveStdio(server, { log, inFlight, drainMs: Math.min(config.timeoutMs, 10_000) });
  log.info(
    `v${VERSION} ready on stdio${config.readOnly ? " (read-only)" : ""}; ${
      config.sandbox
        ? "SANDBOX mode (in-memory v0 API)"
        : `v0 API ${config.baseUrl}${config.apiKey ? "" : " (V0_API_KEY is not set)"}`
    }`,
  );
}
