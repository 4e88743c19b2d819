import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { LineTransport, MAX_LINE_BYTES } from "../../src/transports/line-transport.js";

describe("LineTransport", () => {
  function setup() {
    const input = new PassThrough();
    const output = new PassThrough();
    const transport = new LineTransport(input, output);
    const messages: unknown[] = [];
    const errors: string[] = [];
    transport.onmessage = (m) => messages.push(m);
    transport.onerror = (e) => errors.push(e.message);
    return { input, output, transport, messages, errors };
  }

  it("splits messages across and within chunks, and accepts CRLF", async () => {
    const { input, transport, messages } = setup();
    await transport.start();
    input.write('{"jsonrpc":"2.0","method":"a"}\n{"jsonrpc":"2.0",');
    input.write('"method":"b"}\r\n\n   \n{"jsonrpc":"2.0","id":1,"method":"c"}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(messages).toEqual([
      { jsonrpc: "2.0", method: "a" },
      { jsonrpc: "2.0", method: "b" },
      { jsonrpc: "2.0", id: 1, method: "c" },
    ]);
  });

  it("reports and skips what is not a JSON-RPC 2.0 message", async () => {
    const { input, transport, messages, errors } = setup();
    await transport.start();
    input.write('garbage\n[1,2]\n{"jsonrpc":"1.0","method":"x"}\n"str"\n{"jsonrpc":"2.0","method":"ok"}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(messages).toEqual([{ jsonrpc: "2.0", method: "ok" }]);
    expect(errors).toHaveLength(4);
  });

  it("drops a line longer than the limit and keeps reading", async () => {
    const { input, transport, messages, errors } = setup();
    await transport.start();
    const big = Buffer.alloc(MAX_LINE_BYTES + 10, "x");
    input.write(big.subarray(0, MAX_LINE_BYTES / 2));
    input.write(big.subarray(MAX_LINE_BYTES / 2));
    input.write('yyy\n{"jsonrpc":"2.0","method":"after"}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([expect.stringMatching(/dropped an input line longer than/)]);
    expect(messages).toEqual([{ jsonrpc: "2.0", method: "after" }]);
  });

  it("counts requests until they are answered or cancelled, and says when the input ends", async () => {
    const { input, transport } = setup();
    let ended = 0;
    transport.onend = () => ended++;
    await transport.start();
    input.write('{"jsonrpc":"2.0","id":1,"method":"a"}\n{"jsonrpc":"2.0","id":"2","method":"b"}\n');
    input.write('{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.pending.size).toBe(2);
    await transport.send({ jsonrpc: "2.0", id: 1, result: {} });
    input.write('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"2"}}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.pending.size).toBe(0);
    input.end();
    await expect(transport.pending.idle(0)).resolves.toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toBe(1);
  });

  it("reads a last line that has no newline when the input ends", async () => {
    const { input, transport, messages } = setup();
    await transport.start();
    input.end('{"jsonrpc":"2.0","id":7,"method":"ping"}');
    await new Promise((resolve) => setImmediate(resolve));
    expect(messages).toEqual([{ jsonrpc: "2.0", id: 7, method: "ping" }]);
  });

  it("does not count an open subscription as work to wait for at shutdown", async () => {
    const { input, transport } = setup();
    await transport.start();
    input.write('{"jsonrpc":"2.0","id":1,"method":"subscriptions/listen","params":{}}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.pending.size).toBe(0);
  });

  it("writes one line per message and nothing after close", async () => {
    const { output, transport } = setup();
    const written: string[] = [];
    output.on("data", (chunk: Buffer) => written.push(chunk.toString()));
    await transport.send({ jsonrpc: "2.0", id: 1, result: {} });
    await transport.close();
    await transport.send({ jsonrpc: "2.0", id: 2, result: {} });
    await new Promise((resolve) => setImmediate(resolve));
    expect(written.join("")).toBe('{"jsonrpc":"2.0","id":1,"result":{}}\n');
  });

  it("waits for a full output to drain with one listener, and stops waiting when the output is gone", async () => {
    const input = new PassThrough();
    const stuck = new Writable({ highWaterMark: 8, write: () => {} }); // never finishes a write
    stuck.on("error", () => {});
    const transport = new LineTransport(input, stuck);
    const sends = Array.from({ length: 50 }, (_, id) => transport.send({ jsonrpc: "2.0", id, result: {} }));
    let settled = 0;
    for (const send of sends) void send.then(() => settled++);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(0);
    expect(stuck.listenerCount("drain")).toBe(1);
    stuck.destroy(new Error("EPIPE"));
    await Promise.all(sends);
    expect(settled).toBe(50);
    expect(stuck.listenerCount("drain")).toBe(0);
    await transport.send({ jsonrpc: "2.0", id: 99, result: {} });
  });
});
