/** Logs go to stderr only: stdout carries JSON-RPC. Every line passes through the redactor. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(redact: (text: string) => string, write: (line: string) => void = stderrWriter()): Logger {
  const log = (level: string) => (message: string) => {
    write(`[v0-webhooks-mcp] ${level}: ${redact(message).replace(/\s*\n\s*/g, " ")}\n`);
  };
  return { info: log("info"), warn: log("warn"), error: log("error") };
}

/**
 * Writes to stderr until it breaks. When the client goes away its end of the pipe closes; a write
 * then fails with EPIPE, and an unhandled stream error would become an uncaught exception whose
 * log line fails again: a loop that spins forever. So stream errors are absorbed and logging stops.
 */
export function stderrWriter(): (line: string) => void {
  let broken = false;
  process.stderr.on("error", () => {
    broken = true;
  });
  return (line) => {
    if (broken || process.stderr.destroyed) return;
    try {
      process.stderr.write(line);
    } catch {
      broken = true;
    }
  };
}
