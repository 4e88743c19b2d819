import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Logger } from "../src/log.js";
import { createServerFactory } from "../src/mcp/server.js";
import type { CallOutcome, ToolHandlers } from "../src/tool-calls.js";
import { serveStdio } from "../src/transports/stdio.js";
import { INITIALIZE } from "./helpers/spawn.js";

/** serveStdio over in-memory streams, with tool calls that finish when the test says. */
function session() {
  const input = new PassThrough();
  const output = new PassThrough();
  const signals = new EventEmitter();
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
  const finish: Array<() => void> = [];
  const handlers: ToolHandlers = {
    list: () => ({ tools: [] }),
    call: () =>
      new Promise<CallOutcome>((resolve) => {
        finish.push(() => resolve({ kind: "result", result: { content: [{ type: "text", text: "done" }] } }));
      }),
  };
  serveStdio({
    log,
    newServer: createServerFactory(handlers, "0.0.0-test"),
    drainMs: 5_000,
    exit: (code) => exits.push(code),
    input,
    output,
    signals,
  });
  const send = (message: unknown) =>
    input.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
  const call = (id: number) =>
    send({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "slow", arguments: {} } });
  return { input, signals, lines, exits, logs, finish, send, call };
}

describe("serveStdio's shutdown", () => {
  it("answers a call in progress when stdin ends, then exits 0", async () => {
    const s = session();
    s.send(INITIALIZE);
    s.call(2);
    await expect.poll(() => s.finish.length).toBe(1);
    s.input.end();
    await expect.poll(() => s.logs.some((line) => line.includes("waiting up to 5000 ms for 1 request"))).toBe(true);
    expect(s.exits).toEqual([]);
    s.finish[0]?.();
    await expect.poll(() => s.exits).toEqual([0]);
    expect(s.lines.map((m) => m.id)).toEqual([1, 2]);
    expect(s.lines[1]).toMatchObject({ id: 2, result: { content: [{ type: "text", text: "done" }] } });
  });

  it("waits for calls on SIGTERM and exits at once on a second signal", async () => {
    const s = session();
    s.send(INITIALIZE);
    s.call(2);
    await expect.poll(() => s.finish.length).toBe(1);
    s.signals.emit("SIGTERM");
    await expect.poll(() => s.logs.some((line) => line.includes("SIGTERM: waiting up to"))).toBe(true);
    expect(s.exits).toEqual([]);
    s.signals.emit("SIGTERM");
    expect(s.exits).toEqual([0]);
  });
});
