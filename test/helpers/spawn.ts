import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/**
 * A minimal environment, like a desktop MCP client passes: PATH and what the test sets, cwd `/`.
 */
export function serverEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", ...extra };
}

export interface RawServer {
  child: ChildProcessWithoutNullStreams;
  stdoutLines: string[];
  stderr(): string;
  send(line: string): void;
  /** Waits until a JSON-RPC answer with this id is on stdout. */
  response(id: number | string): Promise<Record<string, unknown>>;
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the built bin and speaks raw newline-delimited JSON-RPC to it. */
export function spawnRaw(args: string[], env: Record<string, string>): RawServer {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: "/", env: serverEnv(env) });
  const stdoutLines: string[] = [];
  let buffered = "";
  let stderr = "";
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    stdoutLines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return {
    child,
    stdoutLines,
    stderr: () => stderr,
    send: (line) => child.stdin.write(`${line}\n`),
    async response(id) {
      for (;;) {
        for (const line of stdoutLines) {
          const message = JSON.parse(line) as Record<string, unknown>;
          if (message.id === id) return message;
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    exit: () => exited,
  };
}

export const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

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
