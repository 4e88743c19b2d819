import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createServerFactory } from "../../src/mcp/server.js";
import type { CallOutcome, ToolHandlers } from "../../src/mcp/tool-calls.js";
import type { Logger } from "../../src/process/log.js";
import { serveStdio } from "../../src/transports/stdio.js";
import { INITIALIZE } from "../helpers/bin.js";

/** serveStdio over in-memory streams, with tool calls that finish when the test says. */
function session() {
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
  const stops: Array<[string, { drain?: boolean } | undefined]> = [];
  const running = serveStdio({
    log,
    newServer: createServerFactory(handlers, "0.0.0-test"),
    drainMs: 5_000,
    stop: (reason, options) => stops.push([reason, options]),
    input,
    output,
  });
  const send = (message: unknown) =>
    input.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
  const call = (id: number) =>
    send({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "slow", arguments: {} } });
  return { input, output, lines, logs, finish, stops, running, send, call };
}

describe("serveStdio", () => {
  it("asks to stop when stdin ends, and closing answers the call in progress first", async () => {
    const s = session();
    s.send(INITIALIZE);
    s.call(2);
    await expect.poll(() => s.finish.length).toBe(1);
    s.input.end();
    await expect.poll(() => s.stops).toEqual([["stdin closed", undefined]]);
    let closed = false;
    const closing = s.running.close({ drain: true, reason: "stdin closed" }).then(() => {
      closed = true;
    });
    await expect.poll(() => s.logs).toContain("info: stdin closed: waiting up to 5000 ms for 1 request(s) in progress");
    expect(closed).toBe(false);
    s.finish[0]?.();
    await closing;
    expect(s.lines.map((m) => m.id)).toEqual([1, 2]);
    expect(s.lines[1]).toMatchObject({ id: 2, result: { content: [{ type: "text", text: "done" }] } });
  });

  it("asks to stop without draining when stdout breaks: no answer could arrive", async () => {
    const s = session();
    s.send(INITIALIZE);
    await expect.poll(() => s.lines.length).toBe(1);
    s.output.emit("error", new Error("write EPIPE"));
    expect(s.stops).toEqual([["stdout closed", { drain: false }]]);
  });
});
