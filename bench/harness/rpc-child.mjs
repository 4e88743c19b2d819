// @ts-check
// A server under test spoken to in raw newline-delimited JSON-RPC over its stdio: one
// JSON.stringify and one write per request, one JSON.parse per answer line, answers matched by id
// (no SDK on the client side, so the client costs every contender the same). It speaks both
// protocol generations: 2025-era (`initialize`, then a session) and 2026-07-28 (no handshake,
// `server/discover`, every request carrying its `_meta` envelope).
import { spawn } from "node:child_process";
import { children, progress, readMemory } from "./processes.mjs";

/** @typedef {Record<string, unknown>} RpcMessage */

/** The prefix of bench/boot-mark.mjs's stderr line. @type {import("../boot-mark.mjs").BootMarkPrefix} */
const BOOT_PREFIX = "bench:boot";
const CLIENT_INFO = { name: "v0-webhooks-mcp-bench", version: "1" };
export const LEGACY_PROTOCOL = "2025-06-18";
export const MODERN_PROTOCOL = "2026-07-28";
const INITIALIZE_PARAMS = { protocolVersion: LEGACY_PROTOCOL, capabilities: {}, clientInfo: CLIENT_INFO };
/** What a 2026-07-28 client puts in every request's `params._meta`. */
const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": MODERN_PROTOCOL,
  "io.modelcontextprotocol/clientInfo": CLIENT_INFO,
  "io.modelcontextprotocol/clientCapabilities": {},
};

export class RpcChild {
  /**
   * @param {string} label
   * @param {string[]} command the script and its arguments, run with this process's Node
   * @param {Record<string, string>} env
   * @param {string[]} [nodeArgs]
   */
  constructor(label, command, env, nodeArgs = []) {
    this.label = label;
    /** @type {Map<number, { resolve: (message: RpcMessage) => void, reject: (error: Error) => void }>} */
    this.pending = new Map();
    this.nextId = 1;
    this.toolCalls = 0;
    this.stderrText = "";
    /** @type {{ boot?: number, ready?: number }} performance.now() when each stderr marker arrived */
    this.marks = {};
    /** @type {string | undefined} */
    this.exitReason = undefined;
    this.spawnedAt = performance.now();
    /** performance.now() when the opening request (initialize or server/discover) was answered */
    this.openedAt = Number.NaN;
    this.child = spawn(process.execPath, [...nodeArgs, ...command], { cwd: "/", env, stdio: ["pipe", "pipe", "pipe"] });
    children.add(this.child);

    let buffered = "";
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (/** @type {string} */ chunk) => {
      buffered += chunk;
      let start = 0;
      for (let end = buffered.indexOf("\n"); end !== -1; end = buffered.indexOf("\n", start)) {
        this.accept(buffered.slice(start, end));
        start = end + 1;
      }
      buffered = buffered.slice(start);
    });
    let stderrLine = "";
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (/** @type {string} */ chunk) => {
      const now = performance.now();
      if (this.stderrText.length < 64_000) this.stderrText += chunk;
      stderrLine += chunk;
      const lines = stderrLine.split("\n");
      stderrLine = lines.pop() ?? "";
      for (const line of lines) {
        if (this.marks.boot === undefined && line.startsWith(BOOT_PREFIX)) this.marks.boot = now;
        if (this.marks.ready === undefined && /\bready\b/.test(line)) this.marks.ready = now;
      }
    });
    this.child.stdin.on("error", () => {}); // EPIPE once it has exited: reported through `exited`
    /** @type {Promise<string>} */
    this.exited = new Promise((resolve) => {
      /** @param {string} reason */
      const done = (reason) => {
        if (this.exitReason !== undefined) return;
        this.exitReason = reason;
        children.delete(this.child);
        const error = new Error(`${this.label} exited (${reason}); stderr:\n${this.stderrText.slice(-2000)}`);
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
        resolve(reason);
      };
      this.child.once("exit", (code, signal) => done(signal ?? `code ${code}`));
      this.child.once("error", (error) => done(error.message));
    });
  }

  get pid() {
    return this.child.pid;
  }

  /** @param {string} line */
  accept(line) {
    if (line === "") return;
    /** @type {RpcMessage} */
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      progress(`${this.label}: a stdout line that is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    // Notifications and server-to-client requests are not answers.
    if (typeof message.id !== "number" || "method" in message) return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    waiter.resolve(message);
  }

  /** @param {string} method @param {unknown} params @returns {Promise<RpcMessage>} */
  request(method, params) {
    if (this.exitReason !== undefined)
      return Promise.reject(new Error(`${this.label} has exited (${this.exitReason})`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  }

  /** @param {string} method @param {unknown} [params] */
  notify(method, params) {
    this.child.stdin.write(
      `${JSON.stringify(params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params })}\n`,
    );
  }

  /**
   * A request that must be answered, and without a JSON-RPC error, within `timeoutMs` (for the few
   * that are not timed per call).
   * @param {string} method @param {Record<string, unknown>} params @param {number} [timeoutMs]
   */
  async requestWithin(method, params, timeoutMs = 20_000) {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`${this.label}: no answer to ${method} in ${timeoutMs} ms; stderr:\n${this.stderrText}`)),
        timeoutMs,
      );
    });
    try {
      const answer = /** @type {RpcMessage} */ (await Promise.race([this.request(method, params), timeout]));
      if (answer.error !== undefined || typeof answer.result !== "object" || answer.result === null)
        throw new Error(`${this.label}: bad ${method} answer ${JSON.stringify(answer).slice(0, 300)}`);
      return /** @type {Record<string, unknown>} */ (answer.result);
    } finally {
      clearTimeout(timer);
    }
  }

  /** 2025-era opening: initialize, checked, then notifications/initialized (as a client does). */
  async initialize() {
    const result = await this.requestWithin("initialize", INITIALIZE_PARAMS);
    this.openedAt = performance.now();
    if (!result.serverInfo) throw new Error(`${this.label}: initialize answered without serverInfo`);
    this.notify("notifications/initialized");
    return this;
  }

  /** 2026-07-28 opening: server/discover, checked to offer 2026-07-28. */
  async discover() {
    const result = await this.requestWithin("server/discover", { _meta: MODERN_META });
    this.openedAt = performance.now();
    const versions = result.supportedVersions;
    if (!Array.isArray(versions) || !versions.includes(MODERN_PROTOCOL))
      throw new Error(`${this.label}: server/discover does not offer ${MODERN_PROTOCOL}: ${JSON.stringify(result)}`);
    return this;
  }

  /**
   * tools/list, checked; returns the number of tools.
   * @param {"legacy" | "modern"} [era] "modern" sends the 2026-07-28 `_meta` envelope
   */
  async listTools(era = "legacy") {
    const result = await this.requestWithin("tools/list", era === "modern" ? { _meta: MODERN_META } : {});
    if (!Array.isArray(result.tools)) throw new Error(`${this.label}: tools/list answered without tools`);
    return result.tools.length;
  }

  /** A tools/call that must succeed; returns its structuredContent. @param {string} name @param {Record<string, unknown>} args */
  async callTool(name, args) {
    this.toolCalls++;
    const answer = await this.request("tools/call", { name, arguments: args });
    const result =
      /** @type {{ isError?: boolean, structuredContent?: Record<string, unknown>, content?: { text?: string }[] } | undefined} */ (
        answer.result
      );
    if (!result || result.isError || !result.structuredContent) {
      throw new Error(
        `${this.label}: ${name} failed: ${JSON.stringify(answer.error ?? result?.content?.[0]?.text ?? answer).slice(0, 500)}`,
      );
    }
    return result.structuredContent;
  }

  memory() {
    return readMemory(this.pid);
  }

  kill() {
    if (this.exitReason === undefined) this.child.kill("SIGKILL");
    return this.exited;
  }

  /** Closes stdin (the client going away) and waits; SIGKILL after `graceMs`. */
  async close(graceMs = 3_000) {
    if (this.exitReason !== undefined) return this.exited;
    this.child.stdin.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
