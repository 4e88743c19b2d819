import { type SpawnOptions, spawn } from "node:child_process";

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end with stdin closed, asynchronously (a fake the program talks to answers
 * from this process's event loop), and collects what it printed. Rejects only when it cannot start.
 */
export function runToEnd(command: string, args: string[], options: SpawnOptions = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
