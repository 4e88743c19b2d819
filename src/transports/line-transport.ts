import type { Readable, Writable } from "node:stream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/** A line longer than this is dropped (and reported); the server keeps serving. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Newline-delimited JSON-RPC over a pair of streams, for stdio. Unlike the SDK's stdio transport
 * it drops an oversized line instead of closing, does not validate each message with zod, and
 * never leaves a send waiting on an output that is gone. Type-only imports: it does not load the SDK.
 */
export class LineTransport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;

  private chunks: Buffer[] = [];
  private buffered = 0;
  private discarding = false;
  private closed = false;
  private started = false;
  private whenWritable: Promise<void> | undefined;
  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {}

  /** Starts reading. Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.input.on("data", this.onData);
    this.input.on("error", this.onInputError);
  }

  /**
   * Resolves once the line is written or buffered under the high-water mark, or once the output
   * can no longer take it (closed, failed: the client is gone), so nothing waits forever on it.
   */
  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed || this.output.destroyed || this.output.writableEnded) return Promise.resolve();
    if (this.output.write(`${JSON.stringify(message)}\n`)) return Promise.resolve();
    return this.writable();
  }

  /** One wait shared by every send that found the output full (not one listener per send). */
  private writable(): Promise<void> {
    this.whenWritable ??= new Promise<void>((resolve) => {
      const done = () => {
        this.output.off("drain", done);
        this.output.off("close", done);
        this.output.off("error", done);
        this.whenWritable = undefined;
        resolve();
      };
      this.output.on("drain", done);
      this.output.on("close", done);
      this.output.on("error", done);
    });
    return this.whenWritable;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off("data", this.onData);
    this.input.off("error", this.onInputError);
    this.chunks = [];
  }

  private readonly onInputError = (error: Error) => this.onerror?.(error);

  private readonly onData = (chunk: Buffer) => {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline === -1) break;
      const piece = chunk.subarray(start, newline);
      start = newline + 1;
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      const line = this.chunks.length ? Buffer.concat([...this.chunks, piece]) : piece;
      this.chunks = [];
      this.buffered = 0;
      this.handleLine(line);
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0 || this.discarding) return;
    this.buffered += rest.length;
    if (this.buffered > MAX_LINE_BYTES) {
      this.chunks = [];
      this.buffered = 0;
      this.discarding = true;
      this.onerror?.(new Error(`dropped an input line longer than ${MAX_LINE_BYTES} bytes`));
      return;
    }
    this.chunks.push(rest);
  };

  private handleLine(line: Buffer): void {
    const text = line.toString("utf8").trim();
    if (text === "") return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.onerror?.(new Error(`not JSON: ${text.slice(0, 80)}`));
      return;
    }
    if (!isJsonRpcMessage(message)) {
      this.onerror?.(new Error(`not a JSON-RPC 2.0 message: ${text.slice(0, 80)}`));
      return;
    }
    this.onmessage?.(message);
  }
}

function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { jsonrpc?: unknown }).jsonrpc === "2.0" &&
    (typeof (value as { method?: unknown }).method === "string" || "id" in value)
  );
}
