import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/*
 * The one harness that runs the built bin (dist/index.js): over stdio (RawStdioSession) or over
 * HTTP (startHttpBin), with a minimal environment and cwd `/`, as a desktop client starts it.
 */
export const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** A minimal environment, like a desktop MCP client passes: PATH and what the test sets. */
export function serverEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", ...extra };
}

export const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

export type JsonRpcMessage = Record<string, unknown>;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The built bin over stdio, spoken to in raw newline-delimited JSON-RPC: what a client sends, or
 * what no SDK client would. It keeps every stdout line parsed (so a burst of answers is cheap to
 * search), records lines that are not JSON-RPC 2.0 instead of throwing, survives EPIPE on stdin,
 * and makes every wait fail as soon as the process exits.
 */
export class RawStdioSession {
  /** Every stdout line that parsed as a JSON object with jsonrpc "2.0", in order. */
  readonly messages: JsonRpcMessage[] = [];
  /** Every stdout line that did not (should stay empty). */
  readonly badLines: string[] = [];
  /** Errors writing to the server's stdin (EPIPE once it has exited). */
  readonly stdinErrors: string[] = [];
  readonly child: ChildProcessWithoutNullStreams;
  private stderrText = "";
  private status: ExitStatus | undefined;
  private readonly exited: Promise<ExitStatus>;
  private readonly waiters = new Set<() => void>();

  constructor(args: string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: "/", env: serverEnv(env) });
    let buffered = "";
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) this.accept(line);
      this.wake();
    });
    this.child.stdout.on("end", () => {
      if (buffered !== "") this.badLines.push(`unterminated: ${buffered.slice(0, 200)}`);
      buffered = "";
    });
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (chunk: string) => {
      this.stderrText += chunk;
    });
    this.child.stdin.on("error", (error: NodeJS.ErrnoException) => {
      this.stdinErrors.push(error.code ?? error.message);
    });
    // "close", not "exit": it comes after stdout has been read to the end.
    this.exited = once(this.child, "close").then(([code, signal]) => {
      this.status = { code: code as number | null, signal: signal as NodeJS.Signals | null };
      this.wake();
      return this.status;
    });
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.status === undefined;
  }

  stderr(): string {
    return this.stderrText;
  }

  /** Writes raw bytes or text as they are (no newline added). */
  write(data: string | Buffer): void {
    if (this.child.stdin.writable) this.child.stdin.write(data);
  }

  /** Writes one line: a message (serialised) or a raw string, plus "\n". */
  send(message: JsonRpcMessage | unknown[] | string): void {
    this.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
  }

  /** Every answer (a message without a method) with this id. */
  answers(id: string | number): JsonRpcMessage[] {
    return this.messages.filter((message) => message.id === id && !("method" in message));
  }

  /** Resolves with the first answer with this id; rejects if the process exits first. */
  async response(id: string | number): Promise<JsonRpcMessage> {
    await this.until(() => this.answers(id).length > 0, `an answer to ${JSON.stringify(id)}`);
    return this.answers(id)[0] as JsonRpcMessage;
  }

  /** Resolves once every id has an answer; rejects if the process exits first. */
  async responses(ids: ReadonlyArray<string | number>): Promise<void> {
    const pending = new Set(ids);
    let scanned = 0;
    await this.until(() => {
      for (; scanned < this.messages.length; scanned++) {
        const message = this.messages[scanned] as JsonRpcMessage;
        if (!("method" in message)) pending.delete(message.id as string | number);
      }
      return pending.size === 0;
    }, `answers to ${ids.length} requests`);
  }

  /**
   * A round trip that orders what came before: the server reads stdin in order, so once this
   * ping is answered every earlier line has been read (answers to slow requests may still come).
   */
  async ping(id: string): Promise<void> {
    this.send({ jsonrpc: "2.0", id, method: "ping" });
    const answer = await this.response(id);
    if (!("result" in answer)) throw new Error(`ping ${id} was not answered with a result: ${JSON.stringify(answer)}`);
  }

  /** Closes stdin (the client going away) and waits for the process to exit. */
  async close(): Promise<ExitStatus> {
    this.child.stdin.end();
    return this.exited;
  }

  /** Ends the process if a test left it running. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill("SIGKILL");
    await this.exited;
  }

  exit(): Promise<ExitStatus> {
    return this.exited;
  }

  private accept(line: string): void {
    try {
      const message: unknown = JSON.parse(line);
      if (message !== null && typeof message === "object" && !Array.isArray(message)) {
        const record = message as JsonRpcMessage;
        if (record.jsonrpc === "2.0") {
          this.messages.push(record);
          return;
        }
      }
    } catch {
      // recorded below
    }
    this.badLines.push(line.slice(0, 200));
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private async until(done: () => boolean, what: string): Promise<void> {
    for (;;) {
      if (done()) return;
      if (!this.running) {
        throw new Error(
          `the server exited (${JSON.stringify(this.status)}) before ${what}; stderr:\n${this.stderrText}`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
  }
}

export function toolCall(id: string | number, name: string, args?: unknown): JsonRpcMessage {
  return {
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: args === undefined ? { name } : { name, arguments: args },
  };
}

export interface HttpBin {
  child: ChildProcessWithoutNullStreams;
  /** http://127.0.0.1:PORT/mcp, as the bin logged it. */
  url: string;
  stderr: () => string;
}

/** Starts the built bin with `--http --port 0` (plus `args`) and waits until it says where it listens. */
export async function startHttpBin(env: Record<string, string>, args: string[] = []): Promise<HttpBin> {
  const child = spawn(process.execPath, [BIN, "--http", "--port", "0", ...args], { cwd: "/", env: serverEnv(env) });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
      const match = /serving MCP at (\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}
