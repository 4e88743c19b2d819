import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { installProcessGuards } from "../../src/process/guards.js";
import { InFlight } from "../../src/process/in-flight.js";
import { createLogger, type Logger } from "../../src/process/log.js";
import { createShutdown, type Stoppable } from "../../src/process/shutdown.js";
import { createRedactor } from "../../src/text/redact.js";
import { TEST_KEY } from "../helpers/in-process.js";

function recordingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (m) => lines.push(`info: ${m}`),
      warn: (m) => lines.push(`warn: ${m}`),
      error: (m) => lines.push(`error: ${m}`),
    },
  };
}

describe("the shutdown", () => {
  function setup() {
    const signals = new EventEmitter();
    const exits: number[] = [];
    const { log, lines } = recordingLog();
    const closes: Array<{ drain: boolean; reason: string }> = [];
    let finish: () => void = () => {};
    const server: Stoppable = {
      close: (options) => {
        closes.push(options);
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
    };
    const shutdown = createShutdown({ log, signals, exit: (code) => exits.push(code) });
    return { signals, exits, lines, closes, shutdown, server, finish: () => finish() };
  }

  it("closes the server, draining, on SIGTERM, then exits 0; a second signal exits at once", async () => {
    const s = setup();
    s.shutdown.attach(s.server);
    s.signals.emit("SIGTERM");
    await expect.poll(() => s.closes).toEqual([{ drain: true, reason: "SIGTERM" }]);
    expect(s.exits).toEqual([]);
    s.signals.emit("SIGINT");
    expect(s.exits).toEqual([0]);
  });

  it("waits for the server to be attached, and closes it without draining when told so", async () => {
    const s = setup();
    s.shutdown.stop("stdout closed", { drain: false });
    s.shutdown.attach(s.server);
    await expect.poll(() => s.closes).toEqual([{ drain: false, reason: "stdout closed" }]);
    s.finish();
    await expect.poll(() => s.exits).toEqual([0]);
    expect(s.lines).toEqual(["info: shutting down (stdout closed)"]);
    s.shutdown.stop("stdin closed");
    expect(s.closes).toHaveLength(1);
  });
});

describe("work in flight", () => {
  it("drains: says what it waits for, and warns when the bound passes first", async () => {
    const { log, lines } = recordingLog();
    const inFlight = new InFlight();
    await inFlight.drain(10, log, "SIGTERM");
    expect(lines).toEqual([]);
    inFlight.begin(1);
    inFlight.begin("1");
    const drained = inFlight.drain(60_000, log, "SIGTERM");
    inFlight.end(1);
    inFlight.end("1");
    await drained;
    expect(lines).toEqual(["info: SIGTERM: waiting up to 60000 ms for 2 request(s) in progress"]);
    inFlight.begin("stuck");
    await inFlight.drain(1, log, "stdin closed");
    expect(lines.at(-1)).toBe("warn: 1 request(s) still running at shutdown");
  });
});

describe("process guards", () => {
  it("log unhandled rejections and exceptions to stderr, redacted, instead of crashing", () => {
    const lines: string[] = [];
    const log = createLogger(createRedactor([TEST_KEY]), (line) => lines.push(line));
    const target = new EventEmitter();
    installProcessGuards(log, target);
    target.emit("unhandledRejection", new Error(`boom with ${TEST_KEY}`));
    target.emit("uncaughtException", new TypeError("bad thing"));
    target.emit("unhandledRejection", "a string reason");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\[v0-webhooks-mcp\] error: unhandled rejection \(server keeps running\): Error: boom with \[redacted\]/,
    );
    expect(lines[1]).toMatch(/uncaught exception \(server keeps running\): TypeError: bad thing/);
    expect(lines.join("")).not.toContain(TEST_KEY);
    expect(lines.every((line) => line.endsWith("\n") && line.indexOf("\n") === line.length - 1)).toBe(true);
  });

  it("exit quietly when the client's pipe is gone, and exit 1 on a storm instead of spinning", () => {
    const exits: number[] = [];
    const lines: string[] = [];
    const target = new EventEmitter();
    installProcessGuards(
      createLogger(
        (t) => t,
        (line) => lines.push(line),
      ),
      target,
      (code) => exits.push(code),
    );
    target.emit("uncaughtException", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    expect(exits).toEqual([0]);
    expect(lines).toEqual([]);
    for (let i = 0; i < 60; i++) target.emit("uncaughtException", new Error(`boom ${i}`));
    expect(exits).toContain(1);
  });
});
