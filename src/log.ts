/** Logs go to stderr only: stdout carries JSON-RPC. Every line passes through the redactor. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(
  redact: (text: string) => string,
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const log = (level: string) => (message: string) => {
    write(`[v0-webhooks-mcp] ${level}: ${redact(message).replace(/\s*\n\s*/g, " ")}\n`);
  };
  return { info: log("info"), warn: log("warn"), error: log("error") };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
