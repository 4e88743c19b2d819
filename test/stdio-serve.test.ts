import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Logger } from "../src/log.js";
import type { ToolHandlers } from "../src/tool-calls.js";
import { serveStdio } from "../src/transports/stdio.js";

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};

/** serveStdio over in-memory streams, with its exits and log lines recorded. */
async function session(load: () => Promise<ToolHandlers>) {
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: Array<Record<string, unknown>> = [];
  let buffered = "";
  output.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const part of parts) lines.push(JSON.parse(part));
  });
  const exits: number[] = [];
  const logs: string[] = [];
  const log: Logger = {
    info: (m) => logs.push(`info: ${m}`),
    warn: (m) => logs.push(`warn: ${m}`),
    error: (m) => logs.push(`error: ${m}`),
  };
  await serveStdio({
    log,
    version: "0.0.0-test",
    load,
    drainMs: 5_000,
    exit: (code) => exits.push(code),
    input,
    output,
    signals: new EventEmitter(),
  });
  const send = (message: unknown) => input.write(`${JSON.stringify(message)}\n`);
  return { input, lines, exits, logs, send };
}

describe("serveStdio", () => {
  it("answers requests waiting for tools that fail to load with -32603, logs once and exits 1 once", async () => {
    let loads = 0;
    const s = await session(async () => {
      loads++;
      throw new Error("cannot load the tools");
    });
    s.send(INITIALIZE);
    s.send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    s.send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_webhooks", arguments: {} } });
    s.send({ jsonrpc: "2.0", id: 4, method: "tools/list" });
    await expect.poll(() => s.exits).toEqual([1]);
    s.input.end();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(s.exits).toEqual([1]);
    expect(loads).toBe(1);
    expect(s.lines.map((m) => [m.id, "result" in m ? "result" : (m.error as { code: number }).code])).toEqual([
      [1, "result"],
      [2, -32603],
      [3, -32603],
      [4, -32603],
    ]);
    expect(s.logs.filter((line) => line.includes("could not start"))).toEqual([
      "error: could not start: cannot load the tools",
    ]);
  });

  it("answers requests that came while the tools loaded even if stdin ends first, then exits 0", async () => {
    let release: (handlers: ToolHandlers) => void = () => {};
    const s = await session(
      () =>
        new Promise<ToolHandlers>((resolve) => {
          release = resolve;
        }),
    );
    s.send(INITIALIZE);
    s.send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    s.input.end();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(s.exits).toEqual([]);
    release({ list: () => ({ tools: [] }), call: async () => ({ kind: "unknown-tool", message: "none" }) });
    await expect.poll(() => s.exits).toEqual([0]);
    expect(s.lines.map((m) => m.id)).toEqual([1, 2]);
    expect(s.lines[1]).toEqual({ jsonrpc: "2.0", id: 2, result: { tools: [] } });
  });
});
