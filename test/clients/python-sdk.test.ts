import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, type HttpBin, serverEnv, startHttpBin } from "../helpers/bin.js";
import { json, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { TEST_KEY } from "../helpers/in-process.js";
import { runToEnd } from "../helpers/run-child.js";

/*
 * The Python MCP SDK client (mcp 2.3.0, test/clients/python: a venv that scripts/setup-runners.mjs
 * installs from hashed pins) deleting a webhook through the built bin: its `elicitation_callback`
 * answers the question, a real `elicitation/create` on a 2025 session and an `input_required`
 * round trip on 2026-07-28; without a callback the client declares no elicitation and is not asked.
 */
const DIR = fileURLToPath(new URL("./python/", import.meta.url));
const PYTHON = `${DIR}.venv/bin/python`;
const installed = existsSync(PYTHON);
if (!installed) console.warn("test/clients/python/.venv is missing (node scripts/setup-runners.mjs python): skipping");

const fake = useFakeV0();
const TOKEN = "python-token-0123456789abcdef";
const HOOK = webhook({
  id: "hook_1",
  name: "Notify my app",
  url: "https://my.app/hooks",
  events: ["message.finished"],
});

interface Outcome {
  asked: string[];
  isError: boolean;
  text: string;
  structured: unknown;
}

async function python(args: string[], env: Record<string, string>): Promise<Outcome> {
  const { code, stdout, stderr } = await runToEnd(PYTHON, [`${DIR}confirm_delete.py`, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  const line = stdout.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !line.startsWith("{")) throw new Error(`python exited ${code}:\n${stdout}\n${stderr}`);
  return JSON.parse(line) as Outcome;
}

let http: HttpBin;
beforeAll(async () => {
  if (installed)
    http = await startHttpBin({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl, MCP_HTTP_TOKEN: TOKEN });
});
afterAll(() => {
  http?.child.kill("SIGKILL");
});

const cases = [
  ["stdio", "legacy"],
  ["stdio", "2026-07-28"],
  ["http", "2026-07-28"],
] as const;

describe.skipIf(!installed).each(cases)("the Python SDK client over %s (%s)", (transport, mode) => {
  const run = (action: string) =>
    python(
      [transport, mode, action, "hook_1"],
      transport === "stdio"
        ? {
            NODE: process.execPath,
            BIN,
            SERVER_ENV: JSON.stringify(serverEnv({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl })),
          }
        : { MCP_URL: http.url, MCP_TOKEN: TOKEN },
    );
  const seen = () => fake.requests.map((request) => request.method);

  it("accept: asked with the webhook named, then deleted", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    fake.expect("DELETE", "/v2/hooks/hook_1", json(200, { id: "hook_1", deleted: true }));
    const outcome = await run("accept");
    expect(outcome.asked).toHaveLength(1);
    expect(outcome.asked[0]).toContain('"Notify my app" (id "hook_1")');
    expect(outcome).toMatchObject({ isError: false, structured: { id: "hook_1", deleted: true } });
    expect(seen()).toEqual(["GET", "DELETE"]);
  });

  it("decline: isError, nothing deleted", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    const outcome = await run("decline");
    expect(outcome.asked).toHaveLength(1);
    expect(outcome.isError).toBe(true);
    expect(outcome.text).toMatch(/declined.*nothing was deleted/);
    expect(seen()).toEqual(["GET"]);
  });

  it("no elicitation capability: not asked, deleted as before", async () => {
    fake.expect("DELETE", "/v2/hooks/hook_1", json(200, { id: "hook_1", deleted: true }));
    const outcome = await run("none");
    expect(outcome).toMatchObject({ asked: [], isError: false });
    expect(seen()).toEqual(["DELETE"]);
  });
});
