import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BIN } from "../helpers/bin.js";
import { runToEnd } from "../helpers/run-child.js";
import { type Inspector, requireInspector } from "./inspector-runner.js";

/*
 * The MCP Inspector CLI (`mcp-inspector --cli --format json`, as in inspector-cli.test.ts) reading
 * the prompts and resources of the built bin in sandbox mode (no v0, no key).
 */
let home: string;
/** The Inspector's Node and CLI entry (inspector-runner.ts), set before each test or the test skips saying why. */
let cli: Inspector;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), "inspector-home-"));
});
beforeEach((ctx) => {
  cli = requireInspector(ctx);
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

/** Runs the CLI against `node dist/index.js --sandbox`; stdout is one JSON object, `{"result": ...}`. */
async function inspector(
  args: string[],
): Promise<{ code: number | null; result: Record<string, unknown>; stderr: string }> {
  const { code, stdout, stderr } = await runToEnd(
    cli.node,
    [cli.cli, "--cli", "--format", "json", process.execPath, BIN, "--sandbox", ...args],
    { cwd: home, env: { PATH: process.env.PATH ?? "", HOME: home, MCP_INSPECTOR_SECRET_STORE: "memory" } },
  );
  try {
    const parsed = JSON.parse(stdout.trim()) as { result: Record<string, unknown> };
    return { code, result: parsed.result, stderr };
  } catch {
    throw new Error(`exit ${code}; stdout:\n${stdout}\nstderr:\n${stderr}`);
  }
}

describe("MCP Inspector CLI: prompts and resources of the built bin", () => {
  it("prompts/list: the three prompts, with titles and described arguments", async () => {
    const run = await inspector(["--method", "prompts/list"]);
    expect(run.code, run.stderr).toBe(0);
    const prompts = run.result.prompts as Array<{ name: string; title: string; arguments?: Array<{ name: string }> }>;
    expect(prompts.map((prompt) => prompt.name)).toEqual(["set_up_webhook", "audit_webhooks", "verify_deliveries"]);
    expect(prompts[0]?.arguments?.map((argument) => argument.name)).toEqual(["event", "url"]);
  });

  it("prompts/get set_up_webhook with an event: one user message leading to create_webhook", async () => {
    const run = await inspector([
      "--method",
      "prompts/get",
      "--prompt-name",
      "set_up_webhook",
      "--prompt-args",
      "event=message.finished",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const messages = run.result.messages as Array<{ role: string; content: { type: string; text: string } }>;
    expect(messages).toHaveLength(1);
    expect(messages[0]?.role).toBe("user");
    expect(messages[0]?.content.text).toContain("create_webhook");
    expect(messages[0]?.content.text).toContain("`message.finished`");
  });

  it("resources/read the event catalogue: markdown naming the seven events", async () => {
    const run = await inspector(["--method", "resources/read", "--uri", "v0-webhooks://events"]);
    expect(run.code, run.stderr).toBe(0);
    const contents = run.result.contents as Array<{ uri: string; mimeType: string; text: string }>;
    expect(contents[0]).toMatchObject({ uri: "v0-webhooks://events", mimeType: "text/markdown" });
    expect(contents[0]?.text).toContain("`message.finished`");
  });
});
