import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/log.js";
import { installProcessGuards } from "../src/process-guards.js";
import { createRedactor } from "../src/text/redact.js";
import { allTools, selectTools } from "../src/tools/index.js";
import { FakeV0 } from "./helpers/fake-v0.js";
import { connectInProcess, resultText, TEST_KEY } from "./helpers/in-process.js";

describe("read-only mode", () => {
  it("offers only the tools that change nothing", () => {
    const { enabled, disabled } = selectTools({ readOnly: true });
    expect(enabled.map((t) => t.name)).toEqual(["list_webhooks", "get_webhook"]);
    expect([...disabled.keys()].sort()).toEqual(["create_webhook", "delete_webhook", "update_webhook"]);
    expect(selectTools({ readOnly: false }).enabled).toBe(allTools);
  });

  it("lists two tools and refuses a write with a reason, sending nothing", async () => {
    const fake = await FakeV0.start();
    const { enabled, disabled } = selectTools({ readOnly: true });
    const mcp = await connectInProcess({ config: { baseUrl: fake.baseUrl, readOnly: true }, tools: enabled, disabled });
    try {
      const { tools } = await mcp.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(["list_webhooks", "get_webhook"]);
      const result = await mcp.call("delete_webhook", { webhookId: "hook_1" });
      expect(result.isError).toBe(true);
      expect(resultText(result)).toMatch(/^delete_webhook is disabled: this server runs read-only .*V0_READ_ONLY=1/);
      expect(fake.requests).toHaveLength(0);
    } finally {
      await mcp.close();
      await fake.close();
    }
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
