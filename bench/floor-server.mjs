// @ts-check
// The bare-Node floor for `npm run bench`: the least an MCP stdio server can do. It reads
// newline-delimited JSON-RPC from stdin and answers `initialize`, `server/discover` (2026-07-28),
// `tools/list` (no tools) and `ping` by hand, with no imports at all, so its start-up time is
// Node's own boot plus one tiny ES module. Exits when stdin closes.

/**
 * The result it answers `initialize` with.
 * @typedef {{ protocolVersion: string, capabilities: { tools: {} }, serverInfo: { name: string, version: string } }} FloorInitializeResult
 */

let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (/** @type {string} */ chunk) => {
  buffered += chunk;
  for (let end = buffered.indexOf("\n"); end !== -1; end = buffered.indexOf("\n")) {
    const line = buffered.slice(0, end);
    buffered = buffered.slice(end + 1);
    answer(line);
  }
});
process.stdin.on("end", () => process.exit(0));

/** @param {string} line */
function answer(line) {
  /** @type {{ id?: string | number, method?: string, params?: { protocolVersion?: string } }} */
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }
  if (message.id === undefined) return; // a notification
  if (message.method === "initialize") {
    /** @type {FloorInitializeResult} */
    const result = {
      protocolVersion: message.params?.protocolVersion ?? "2025-06-18",
      capabilities: { tools: {} },
      serverInfo: { name: "bench-floor", version: "0.0.0" },
    };
    reply({ jsonrpc: "2.0", id: message.id, result });
  } else if (message.method === "server/discover") {
    const result = {
      supportedVersions: ["2026-07-28"],
      capabilities: { tools: {} },
      serverInfo: { name: "bench-floor", version: "0.0.0" },
    };
    reply({ jsonrpc: "2.0", id: message.id, result });
  } else if (message.method === "tools/list") {
    reply({ jsonrpc: "2.0", id: message.id, result: { tools: [] } });
  } else if (message.method === "ping") {
    reply({ jsonrpc: "2.0", id: message.id, result: {} });
  } else {
    reply({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "Method not found" } });
  }
}

/** @param {unknown} message */
function reply(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}
