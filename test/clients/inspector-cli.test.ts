import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BIN } from "../helpers/bin.js";
import { FakeV0 } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { runToEnd } from "../helpers/run-child.js";
import { statefulHooks } from "../helpers/stateful-v0.js";
import { type Inspector, requireInspector } from "./inspector-runner.js";

/**
 * The MCP Inspector CLI (@modelcontextprotocol/inspector 2.12.0, `mcp-inspector --cli`, from the
 * test/clients/inspector runner on Node >= 22.19: see inspector-runner.ts) driving the built bin
 * over stdio, against a local fake of the v0 API.
 *
 * What this version does (read from its source and checked here):
 * - `--format json` prints exactly one JSON object on stdout, `{"result": <MCP result>}`.
 * - A tool result with `isError: true` is still printed on stdout as `{"result": {..., "isError": true}}`,
 *   then the CLI writes `{"error":{"code":"tool_is_error",...}}` on stderr and exits 5. A v0 401 is an
 *   ordinary tool error to it (exit 5), not its own "auth required" exit 3 (that is for MCP-level auth).
 * - The server's stderr (our log lines) is forwarded to the CLI's stderr unless `-q`.
 * - The server gets only HOME, LOGNAME, PATH, SHELL, TERM, USER from the CLI's environment plus the
 *   `-e` pairs: a V0_API_KEY exported in the shell does not reach it.
 */

/** The Inspector's Node and CLI entry (no shell), set before each test or the test skips saying why. */
let cli: Inspector;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let fake: FakeV0;
let home: string;

beforeAll(async () => {
  fake = await FakeV0.start();
  // The CLI keeps a catalog and secrets under $HOME; give it an empty one of its own.
  home = mkdtempSync(join(tmpdir(), "inspector-home-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(home, { recursive: true, force: true });
});
beforeEach((ctx) => {
  cli = requireInspector(ctx);
  fake.reset();
  fake.otherwise(statefulHooks(TEST_KEY));
});

/** Runs the Inspector CLI asynchronously (the fake answers from this process's event loop). */
function inspector(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runToEnd(cli.node, [cli.cli, "--cli", ...args], {
    cwd: home,
    env: { PATH: process.env.PATH ?? "", HOME: home, MCP_INSPECTOR_SECRET_STORE: "memory", ...env },
  });
}

/** `-e` pairs and the target: `node <abs path to dist/index.js>`. */
function target(env: Record<string, string>): string[] {
  return [...Object.entries(env).flatMap(([key, value]) => ["-e", `${key}=${value}`]), process.execPath, BIN];
}

/** stdout must be exactly one JSON object (`--format json`); stderr may hold anything. */
function parseStdout(run: Run): { result: Record<string, unknown> } {
  const lines = run.stdout.trim().split("\n");
  expect(lines, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toHaveLength(1);
  return JSON.parse(lines[0] ?? "") as { result: Record<string, unknown> };
}

/** The CLI's own error envelope: the one stderr line that is a JSON object with `error`. */
function errorEnvelope(run: Run): unknown {
  const lines = run.stderr.split("\n").filter((line) => line.startsWith('{"error"'));
  expect(lines, run.stderr).toHaveLength(1);
  return JSON.parse(lines[0] ?? "");
}

function textOf(result: Record<string, unknown>): string {
  return (result.content as Array<{ type: string; text?: string }>).map((block) => block.text ?? "").join("\n");
}

const CREATE = [
  "--method",
  "tools/call",
  "--tool-name",
  "create_webhook",
  "--tool-arg",
  "name=Notify my app",
  "--tool-arg",
  'events=["message.finished"]',
  "--tool-arg",
  "url=https://my.app/hooks",
];

describe("MCP Inspector CLI (--cli --format json) against the built bin", () => {
  it("tools/list: exit 0 and the five tools", async () => {
    const run = await inspector([
      "--format",
      "json",
      ...target({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl }),
      "--method",
      "tools/list",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const { result } = parseStdout(run);
    const tools = result.tools as Array<{ name: string; inputSchema: { type: string } }>;
    expect(tools.map((tool) => tool.name)).toEqual([
      "create_webhook",
      "list_webhooks",
      "get_webhook",
      "update_webhook",
      "delete_webhook",
    ]);
    for (const tool of tools) expect(tool.inputSchema.type).toBe("object");
    // Listing tools sends nothing to v0; our own log lines come through on the CLI's stderr.
    expect(fake.requests).toEqual([]);
    expect(run.stderr).toContain("ready on stdio");
    expect(run.stdout + run.stderr).not.toContain(TEST_KEY);
  });

  it("tools/call create_webhook: exit 0, structuredContent with created: true, exactly one POST /v2/hooks", async () => {
    const run = await inspector([
      "--format",
      "json",
      ...target({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl }),
      ...CREATE,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const { result } = parseStdout(run);
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      name: "Notify my app",
      events: ["message.finished"],
      url: "https://my.app/hooks",
      chatId: null,
      created: true,
    });
    const id = (result.structuredContent as { id: string }).id;
    expect(textOf(result)).toContain(`Created webhook "Notify my app" (id "${id}")`);

    // --tool-arg values are coerced by the tool's inputSchema: events=[...] arrives as an array.
    const posts = fake.requests.filter((request) => request.method === "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.url).toBe("/v2/hooks");
    expect(JSON.parse(posts[0]?.body ?? "")).toEqual({
      name: "Notify my app",
      events: ["message.finished"],
      url: "https://my.app/hooks",
      chatId: null,
    });
    expect(posts[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(fake.unexpected).toEqual([]);
  });

  it("an isError result (v0 answers 401): the result still goes to stdout, exit code 5, a tool_is_error envelope on stderr", async () => {
    const run = await inspector([
      "--format",
      "json",
      ...target({ V0_API_KEY: "v0_wrong_key_0000", V0_API_BASE_URL: fake.baseUrl }),
      ...CREATE,
    ]);
    expect(run.code, run.stderr).toBe(5);
    const { result } = parseStdout(run);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    const text = textOf(result);
    expect(text).toMatch(/401/);
    expect(text).toMatch(/Invalid API key/);
    expect(text).toMatch(/V0_API_KEY/);
    expect(errorEnvelope(run)).toEqual({
      error: { code: "tool_is_error", message: "Tool 'create_webhook' returned isError:true." },
    });
    // The create stopped at its lookup: one GET, no POST.
    expect(fake.requests.map((request) => `${request.method} ${request.url}`)).toEqual(["GET /v2/hooks"]);
  });

  it("does not pass its own environment to the server: a V0_API_KEY exported in the shell is not seen, only -e is", async () => {
    const run = await inspector(["--format", "json", ...target({ V0_API_BASE_URL: fake.baseUrl }), ...CREATE], {
      V0_API_KEY: TEST_KEY,
    });
    expect(run.code, run.stderr).toBe(5);
    expect(textOf(parseStdout(run).result)).toMatch(/^V0_API_KEY is not set, so nothing was sent to v0/);
    expect(fake.requests).toEqual([]);
  });

  it("takes the server and its env from a --config file, which keeps the key out of the command line", async () => {
    const config = join(home, "mcp.json");
    writeFileSync(
      config,
      JSON.stringify({
        mcpServers: {
          "v0-webhooks": {
            command: process.execPath,
            args: [BIN],
            env: { V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl },
          },
        },
      }),
    );
    const run = await inspector([
      "--format",
      "json",
      "--config",
      config,
      "--server",
      "v0-webhooks",
      "--method",
      "tools/call",
      "--tool-name",
      "list_webhooks",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(parseStdout(run).result.structuredContent).toEqual({ webhooks: [] });
    expect(fake.requests.map((request) => `${request.method} ${request.url}`)).toEqual(["GET /v2/hooks"]);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });
});
