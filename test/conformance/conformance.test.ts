// The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in
// test/conformance/runner and installed there by scripts/conformance-setup.mjs) against the built
// bin over HTTP, at both protocol revisions the server speaks: 2026-07-28 (server/discover,
// per-request _meta) and 2025-11-25 (initialize).
//
// The suite cannot send our bearer token, so a loopback proxy adds it and forwards everything else
// as the suite sent it (Host and Origin included, for the DNS-rebinding scenario), streaming
// responses back as they arrive. What this server cannot pass (mostly scenarios that call the
// suite's own fixture tools, prompts and resources by name) is listed, one check per line with its
// reason, in expected-failures.<revision>.yaml; any other failure fails the test.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpBin, startHttpBin } from "../helpers/bin.js";
import { type Runnable, requireSuite, suite, warnIfMissing } from "./suite.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const runner = join(here, "runner");
const TOKEN = "conformance-token-0123456789abcdef";
/** Per-scenario timeout passed to the suite (its default is 30 s); scenarios take well under 1 s. */
const SCENARIO_TIMEOUT_MS = "10000";
const REVISIONS = ["2026-07-28", "2025-11-25"] as const;
type Revision = (typeof REVISIONS)[number];

/**
 * Scenarios that must pass at each revision. They may appear in the baseline only for checks the
 * suite itself reports as not testable against this server.
 */
const REQUIRED: Record<Revision, string[]> = {
  "2026-07-28": [
    "server-stateless",
    "tools-list",
    "caching",
    "prompts-list",
    "resources-list",
    "sep-2164-resource-not-found",
    "http-header-validation",
    "http-custom-header-server-validation",
    "dns-rebinding-protection",
  ],
  "2025-11-25": [
    "server-initialize",
    "ping",
    "tools-list",
    "prompts-list",
    "resources-list",
    "dns-rebinding-protection",
  ],
};
/**
 * Two required scenarios are "pending" at 2026-07-28: the requirements run runs and reports them but
 * leaves them out of its exit code and baseline check. So at that revision the test also runs the
 * suite's pending set on its own, where the baseline applies and the exit code counts.
 */
const RUN_PENDING: Record<Revision, boolean> = { "2026-07-28": true, "2025-11-25": false };

warnIfMissing("the MCP conformance suite");

// --- The server under test and the proxy that authenticates for the suite -------------------------

/**
 * A loopback proxy that sets `Authorization: Bearer <token>` and forwards the rest of each request as
 * it came (raw header names, Host and Origin included), then streams the response back.
 */
async function startProxy(upstream: () => URL | undefined): Promise<Server> {
  const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = upstream();
    if (!target) {
      res.writeHead(502, { "content-type": "text/plain" }).end("proxy: no server yet");
      return;
    }
    const headers: string[] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] as string;
      if (name.toLowerCase() !== "authorization") headers.push(name, req.rawHeaders[i + 1] as string);
    }
    headers.push("Authorization", `Bearer ${TOKEN}`);
    const forward = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    forward.on("error", (error) => {
      if (res.headersSent) res.destroy(error);
      else res.writeHead(502, { "content-type": "text/plain" }).end(`proxy: ${error.message}`);
    });
    // The suite closing a stream (an SSE GET, say) closes the upstream request too.
    res.on("close", () => {
      if (!res.writableFinished) forward.destroy();
    });
    req.pipe(forward);
  });
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  return proxy;
}

// --- Running the suite and reading its results ------------------------------------------------------

const running = new Set<ChildProcess>();

async function runSuite({ node, script }: Runnable, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(node, [script, ...args], {
    cwd: runner,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const [code] = (await once(child, "close")) as [number | null];
  running.delete(child);
  // The suite colours its output whether or not it is a terminal.
  return { code, output: output.replace(/\x1b\[[0-9;]*m/g, "") };
}

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "SKIPPED" | "INFO";
  errorMessage?: string;
  details?: { untestable?: boolean; message?: string };
}

const failing = (check: Check) => check.status === "FAILURE" || check.status === "WARNING";

/** The checks of each scenario, from the per-scenario checks.json files the suite writes with --output-dir. */
function readResults(dir: string): Map<string, Check[]> {
  const results = new Map<string, Check[]>();
  if (!existsSync(dir)) return results;
  for (const entry of readdirSync(dir).sort()) {
    const match = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(entry);
    const file = join(dir, entry, "checks.json");
    if (match?.[1] && existsSync(file)) results.set(match[1], JSON.parse(readFileSync(file, "utf8")) as Check[]);
  }
  return results;
}

/** The `<scenario>[:<check-id>]` entries of a baseline file (a YAML list under `server:`). */
function readBaseline(file: string): Set<string> {
  const entries = new Set<string>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^\s+-\s+([^\s#]+)/.exec(line);
    if (match?.[1]) entries.add(match[1]);
  }
  return entries;
}

/**
 * Why the suite does not score a server scenario at this revision ("pending", "extension", ...), from
 * its frozen requirements/<revision>.yaml: scored are the scenarios of its top-level `server:` list.
 */
function notScored(revision: Revision, ran: Iterable<string>): Map<string, string> {
  const file = join(runner, "node_modules", "@modelcontextprotocol", "conformance", "requirements", `${revision}.yaml`);
  const text = readFileSync(file, "utf8");
  const scored = new Set(
    [
      ...(/^server:\n((?:[ \t]+-[^\n]*\n|[ \t]*#[^\n]*\n|[ \t]*\n)*)/m.exec(text)?.[1] ?? "").matchAll(
        /^\s+-\s+(\S+)/gm,
      ),
    ].map((m) => m[1]),
  );
  const reasons = new Map<string, string>();
  for (const m of text.matchAll(/- scenario: (\S+)\s+leg: server\s+reason: (\S+)/g))
    reasons.set(m[1] ?? "", m[2] ?? "");
  const result = new Map<string, string>();
  for (const scenario of ran) {
    if (!scored.has(scenario)) result.set(scenario, reasons.get(scenario) ?? "not listed");
  }
  return result;
}

/** How the scenarios of one revision came out. */
interface Tally {
  scenarios: number;
  passed: number;
  /** Failing only where the baseline says. */
  expected: number;
  /** Failing, but neither scored by the suite nor judged here (extensions, pending scenarios not run on their own). */
  unscored: number;
  /** Failing where the baseline does not say: the test fails. */
  unexpected: number;
}

/**
 * The scenarios of one revision: a tally, and a report that spells out checks only for unexpected
 * failures (the baseline files give the expected ones, with their reasons). Vitest shows the report
 * only when the test fails; when it passes, the tally is one line of `npm run test:all`'s output.
 */
function summarize(revision: Revision, results: Map<string, Check[]>, baseline: Set<string>) {
  const unscored = notScored(revision, results.keys());
  const tally: Tally = { scenarios: results.size, passed: 0, expected: 0, unscored: 0, unexpected: 0 };
  const lines = [`MCP conformance ${revision} (${results.size} scenarios):`];
  for (const [scenario, checks] of results) {
    const count = (status: Check["status"]) => checks.filter((c) => c.status === status).length;
    const failures = checks.filter(failing);
    // The baseline applies to scored scenarios and to the pending ones when the test runs those too.
    const judged = !unscored.has(scenario) || (RUN_PENDING[revision] && unscored.get(scenario) === "pending");
    const unexpected = failures.filter((c) => !baseline.has(scenario) && !baseline.has(`${scenario}:${c.id}`));
    const outcome: keyof Omit<Tally, "scenarios"> =
      failures.length === 0 ? "passed" : !judged ? "unscored" : unexpected.length === 0 ? "expected" : "unexpected";
    tally[outcome] += 1;
    const mark = { passed: "pass", expected: "expected-fail", unscored: "not-scored", unexpected: "FAIL" }[outcome];
    const why = unscored.get(scenario);
    const tags = [REQUIRED[revision].includes(scenario) ? "required" : "", why ? `not scored: ${why}` : ""];
    const note = tags.filter(Boolean).join(", ");
    const counts = `${count("SUCCESS")} passed, ${count("FAILURE")} failed, ${count("WARNING")} warnings`;
    lines.push(`  ${mark.padEnd(13)} ${scenario}${note ? ` [${note}]` : ""}: ${counts}`);
    for (const check of outcome === "unexpected" ? unexpected : []) {
      const message = check.errorMessage || check.details?.message || "";
      lines.push(`      NEW ${check.status} ${check.id}: ${message.split("\n")[0]}`);
    }
  }
  return { report: lines.join("\n"), tally };
}

/**
 * `npm run test:all` (scripts/test-all.mjs) sets V0_TEST_SUMMARY to a file whose lines it prints
 * after the tests: this suite adds one, what ran and how it came out, so a green run says that the
 * expected failures were expected without printing each of them.
 */
function recordSummary(line: string): void {
  const file = process.env.V0_TEST_SUMMARY;
  if (file) appendFileSync(file, `${line}\n`);
}

const tallies = new Map<Revision, Tally>();

function summaryLine(): string {
  if ("missing" in suite) return `MCP conformance: not run (${suite.missing})`;
  const total = (key: keyof Tally) => [...tallies.values()].reduce((sum, tally) => sum + tally[key], 0);
  const revisions = [...tallies.keys()].join(" and ");
  if (!revisions) return "MCP conformance: not run";
  const parts = [
    `${total("scenarios")} scenarios at ${revisions}`,
    `${total("passed")} passed`,
    `${total("expected")} expected failures (listed in test/conformance/expected-failures.*.yaml)`,
    `${total("unscored")} failing but not scored by the suite (extensions, pending)`,
  ];
  if (total("unexpected") > 0) parts.push(`${total("unexpected")} UNEXPECTED FAILURES`);
  return `MCP conformance: ${parts.join(", ")}`;
}

// --- The test ----------------------------------------------------------------------------------------

let server: HttpBin | undefined;
let proxy: Server | undefined;
let proxyUrl = "";
let work = "";

/** A failure message: the suite's whole output, then the end of the server's log. */
function report(title: string, output: string): string {
  return `${title}\n${output}\n--- server stderr (end) ---\n${server?.stderr().slice(-4000) ?? ""}`;
}

beforeAll(async () => {
  if ("missing" in suite) return;
  work = mkdtempSync(join(tmpdir(), "v0-webhooks-mcp-conformance-"));
  proxy = await startProxy(() => (server ? new URL(server.url) : undefined));
  const { port } = proxy.address() as AddressInfo;
  const origins = `http://localhost:${port},http://127.0.0.1:${port}`;
  server = await startHttpBin({ MCP_HTTP_TOKEN: TOKEN, MCP_HTTP_ALLOWED_ORIGINS: origins }, ["--sandbox"]);
  proxyUrl = `http://127.0.0.1:${port}${new URL(server.url).pathname}`;
});

afterAll(async () => {
  recordSummary(summaryLine());
  for (const child of running) child.kill();
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    const exited = once(server.child, "exit");
    server.child.kill();
    await exited;
  }
  if (proxy) {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy?.close(() => resolve()));
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the MCP conformance suite over HTTP", () => {
  for (const revision of REVISIONS) {
    it(`passes the ${revision} requirements, failing only what expected-failures.${revision}.yaml lists`, {
      timeout: 120_000,
    }, async (ctx) => {
      const conformance = requireSuite(ctx);
      const baselineFile = join(here, `expected-failures.${revision}.yaml`);
      const baseline = readBaseline(baselineFile);
      const dir = join(work, revision);
      const common = ["--url", proxyUrl, "--expected-failures", baselineFile, "--timeout", SCENARIO_TIMEOUT_MS];
      const run = await runSuite(conformance, ["server", "--requirements", revision, ...common, "--output-dir", dir]);
      const results = readResults(dir);
      const { report: scenarios, tally } = summarize(revision, results, baseline);
      tallies.set(revision, tally);
      console.log(scenarios);
      expect(run.code, report(`conformance --requirements ${revision} exited ${run.code}:`, run.output)).toBe(0);

      if (RUN_PENDING[revision]) {
        const pending = ["server", "--suite", "pending", "--spec-version", revision];
        const pendingRun = await runSuite(conformance, [...pending, ...common, "--output-dir", join(dir, "pending")]);
        const title = `conformance --suite pending --spec-version ${revision} exited ${pendingRun.code}:`;
        expect(pendingRun.code, report(title, pendingRun.output)).toBe(0);
      }

      // The required scenarios ran, passed something, and fail only where the suite cannot test.
      for (const scenario of REQUIRED[revision]) {
        const checks = results.get(scenario) ?? [];
        expect(
          checks.some((c) => c.status === "SUCCESS"),
          `${scenario} did not run or passed nothing`,
        ).toBe(true);
        const real = checks.filter((c) => failing(c) && c.details?.untestable !== true);
        expect(real, report(`required scenario ${scenario} fails:`, run.output)).toEqual([]);
      }
    });
  }
});
