// The official MCP conformance suite's `authorization` command (its authorization-server
// scenarios: the metadata endpoint, and the authorization code grant) against the built bin in
// MCP_HTTP_AUTH=oauth mode. The suite cannot fill in a consent page: it prints the authorization URL
// and waits for its callback on http://127.0.0.1:<port>/callback. So the test plays the person:
// it registers a client for that callback (Dynamic Client Registration), reads the URL the suite
// printed, fills the consent page with the key the fake v0 accepts (authorizeAsPerson), and follows
// the redirect to the suite's callback, after which the suite exchanges the code for tokens and
// checks the token response. Every check must pass, except those listed in EXPECTED_FAILURES with a
// reason (none today). With TRANSCRIPTS_DIR set, the suite's output is saved there as
// conformance-authorization.txt.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpBin, startHttpBin } from "../helpers/bin.js";
import { json, type Responder, useFakeV0 } from "../helpers/fake-v0.js";
import { authorizeAsPerson } from "../helpers/oauth-consent.js";
import { type Runnable, requireSuite, suite, warnIfMissing } from "./suite.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const runner = join(here, "runner");
const SECRET = "conformance-oauth-secret-0123456789abcdef";
const PERSON_KEY = "v0_conformance_person_0123456789abcdef";
/** The authorization-server scenarios the suite has; each must run. */
const SCENARIOS = ["authorization-server-metadata-endpoint", "authorization-code-grant"];
/**
 * Checks allowed to fail (FAILURE or WARNING), as `<scenario>:<check-id>` with the reason, in the
 * style of expected-failures.<revision>.yaml. Empty: this server passes every check. An entry whose
 * check passes fails the test, so the list cannot go stale.
 */
const EXPECTED_FAILURES: Record<string, string> = {};

warnIfMissing("the conformance authorization run");

// --- The suite as a child process whose output the test reads line by line -------------------------

class SuiteRun {
  readonly child: ChildProcessWithoutNullStreams;
  private text = "";
  private readonly waiters = new Set<() => void>();
  private status: number | null | undefined;
  readonly exited: Promise<number | null>;

  constructor({ node, script }: Runnable, args: string[]) {
    this.child = spawn(node, [script, ...args], {
      cwd: runner,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir() },
    });
    this.child.stdin.end();
    const take = (chunk: string) => {
      this.text += chunk;
      this.wake();
    };
    this.child.stdout.setEncoding("utf8").on("data", take);
    this.child.stderr.setEncoding("utf8").on("data", take);
    this.exited = once(this.child, "close").then(([code]) => {
      this.status = code as number | null;
      this.wake();
      return this.status;
    });
  }

  /** Everything printed so far, without the colour codes the suite writes even to a pipe. */
  output(): string {
    return this.text.replace(/\x1b\[[0-9;]*m/g, "");
  }

  /** Resolves with the first match of `pattern` in the output; rejects if the suite exits first. */
  async waitFor(pattern: RegExp, what: string): Promise<RegExpExecArray> {
    for (;;) {
      const match = pattern.exec(this.output());
      if (match) return match;
      if (this.status !== undefined)
        throw new Error(`the suite exited (${this.status}) before ${what}:\n${this.output()}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
  }

  kill(): void {
    if (this.status === undefined) this.child.kill("SIGKILL");
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

/**
 * A port free on 127.0.0.1 for the suite's callback server (it takes a port number, not 0). Another
 * process could take it between this and the suite's listen; the suite then says so and the test
 * fails with that message.
 */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

interface Check {
  id: string;
  name: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "SKIPPED" | "INFO";
  errorMessage?: string;
}

/** The checks of each scenario, from the checks.json files `--output-dir` gets. */
function readResults(dir: string): Map<string, Check[]> {
  const results = new Map<string, Check[]>();
  if (!existsSync(dir)) return results;
  for (const entry of readdirSync(dir).sort()) {
    const match = /^authorization-server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(entry);
    const file = join(dir, entry, "checks.json");
    if (match?.[1] && existsSync(file)) results.set(match[1], JSON.parse(readFileSync(file, "utf8")) as Check[]);
  }
  return results;
}

// --- The server under test --------------------------------------------------------------------------

/** v0 takes PERSON_KEY only: the consent page checks the pasted key with GET /hooks. */
const v0: Responder = (request, res, req) => {
  if (request.headers.authorization !== `Bearer ${PERSON_KEY}`) {
    return json(401, { message: "Invalid API key" })(request, res, req);
  }
  return json(200, [])(request, res, req);
};

const fake = useFakeV0({ otherwise: v0 });
let server: HttpBin | undefined;
let run: SuiteRun | undefined;
let work = "";

beforeAll(async () => {
  if ("missing" in suite) return;
  work = mkdtempSync(join(tmpdir(), "v0-webhooks-mcp-conformance-authorization-"));
  server = await startHttpBin({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET, V0_API_BASE_URL: fake.baseUrl });
});

afterAll(async () => {
  run?.kill();
  await run?.exited;
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    const exited = once(server.child, "exit");
    server.child.kill();
    await exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the MCP conformance suite's authorization command", () => {
  it("passes the authorization-server scenarios, a person completing the consent in between", {
    timeout: 60_000,
  }, async (ctx) => {
    const conformance = requireSuite(ctx);
    const mcpUrl = (server as HttpBin).url;
    const issuer = new URL(mcpUrl).origin;

    // A client registered for the suite's callback, as its --help asks.
    const port = await freePort();
    const callback = `http://127.0.0.1:${port}/callback`;
    const metadata = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      string
    >;
    const registered = await fetch(metadata.registration_endpoint as string, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "MCP conformance suite", redirect_uris: [callback] }),
    });
    expect(registered.status).toBe(201);
    const { client_id: clientId } = (await registered.json()) as { client_id: string };

    const dir = join(work, "results");
    const started = Date.now();
    run = new SuiteRun(conformance, [
      "authorization",
      ...["--url", issuer, "--client-id", clientId, "--resource", mcpUrl, "--port", String(port)],
      ...["--output-dir", dir],
    ]);

    // The suite prints the authorization URL, then starts its callback server: wait for both.
    const endpoint = (metadata.authorization_endpoint as string).replace(/[.?*+^$()[\]{}|\\]/g, "\\$&");
    const [authorizationUrl] = await run.waitFor(new RegExp(`^${endpoint}\\?\\S+$`, "m"), "the authorization URL");
    await run.waitFor(new RegExp(`Callback server started: http://127\\.0\\.0\\.1:${port}\\b`), "its callback server");
    const url = new URL(authorizationUrl);
    expect(url.searchParams.get("client_id")).toBe(clientId);
    expect(url.searchParams.get("redirect_uri")).toBe(callback);
    expect(url.searchParams.get("resource")).toBe(mcpUrl);

    // The person signs in; the browser follows the redirect to the suite's callback.
    const location = await authorizeAsPerson(authorizationUrl, PERSON_KEY);
    const redirect = new URL(location);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(callback);
    expect(redirect.searchParams.get("iss")).toBe(issuer);
    const landed = await fetch(location);
    expect(landed.status).toBe(200);
    await landed.text();

    const code = await run.exited;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const output = run.output();
    const results = readResults(dir);
    const transcripts = process.env.TRANSCRIPTS_DIR;
    if (transcripts) {
      mkdirSync(transcripts, { recursive: true });
      const command = `conformance authorization --url ${issuer} --client-id <registered> --resource ${mcpUrl} --port ${port} --output-dir <tmp>`;
      const checks = [...results].map(
        ([scenario, list]) => `--- ${scenario}/checks.json\n${JSON.stringify(list, null, 2)}`,
      );
      writeFileSync(
        join(transcripts, "conformance-authorization.txt"),
        [
          `$ ${command}`,
          "(the test completed the consent as a person and followed the redirect to the callback)",
          "",
          output,
          `[exit ${code}, ${seconds} s]`,
          "",
          "The checks, as the suite wrote them to --output-dir (tokens redacted by the suite):",
          ...checks,
          "",
        ].join("\n"),
      );
    }

    // Every scenario ran; every failing check is expected, and every expected one still fails.
    expect([...results.keys()].sort(), output).toEqual([...SCENARIOS].sort());
    const lines = [`MCP conformance authorization (${results.size} scenarios, ${seconds} s):`];
    const unexpected: string[] = [];
    const failed = new Set<string>();
    for (const [scenario, checks] of results) {
      const count = (status: Check["status"]) => checks.filter((check) => check.status === status).length;
      lines.push(`  ${scenario}: ${count("SUCCESS")} passed, ${count("FAILURE")} failed, ${count("WARNING")} warnings`);
      expect(count("SUCCESS"), `${scenario} passed nothing:\n${output}`).toBeGreaterThan(0);
      for (const check of checks) {
        if (check.status !== "FAILURE" && check.status !== "WARNING") continue;
        const key = `${scenario}:${check.id}`;
        failed.add(key);
        lines.push(`      ${check.status} ${check.id}: ${check.errorMessage ?? ""}`);
        if (!(key in EXPECTED_FAILURES)) unexpected.push(`${key}: ${check.errorMessage ?? check.status}`);
      }
    }
    console.log(lines.join("\n"));
    expect(unexpected, output).toEqual([]);
    const stale = Object.keys(EXPECTED_FAILURES).filter((key) => !failed.has(key));
    expect(stale, "listed in EXPECTED_FAILURES but passing now: remove them").toEqual([]);
    if (Object.keys(EXPECTED_FAILURES).length === 0) expect(code, output).toBe(0);

    // The consent checked the pasted key with v0 once; nothing secret reached the server's log.
    expect(fake.requests.map((request) => [request.method, request.url, request.headers.authorization])).toEqual([
      ["GET", "/v2/hooks", `Bearer ${PERSON_KEY}`],
    ]);
    const log = (server as HttpBin).stderr();
    for (const secret of [PERSON_KEY, SECRET, redirect.searchParams.get("code") as string]) {
      expect(log).not.toContain(secret);
    }
  });
});
