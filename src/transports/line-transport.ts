import type { Readable, Writable } from "node:stream";
import { deserializeMessage, type JSONRPCMessage, type Transport } from "@modelcontextprotocol/server";
import { InFlight } from "../process/in-flight.js";

/** A line longer than this is dropped (and reported); the server keeps serving. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Newline-delimited JSON-RPC over a pair of streams: the SDK `Transport` that `serveStdio` is given
 * instead of its own `StdioServerTransport`, for three behaviours that one lacks (each pinned by
 * test/e2e/stdio-raw.test.ts):
 * - an oversized line is dropped and reported, not a reason to close the session;
 * - the end of the input is not the end of the session: requests already received are answered
 *   first (`pending`, `onend`: the entry drains, then closes), so `printf '…' | v0-webhooks-mcp`
 *   gets its answers;
 * - a send never waits on an output that is gone.
 * Each line is parsed and validated by the SDK's own `deserializeMessage`.
 */
export class LineTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  /** The input ended (the client closed stdin). The session stays open until `close()`. */
  onend?: () => void;
  /** Requests received and not yet answered (nor cancelled). */
  readonly pending = new InFlight();

  private chunks: Buffer[] = [];
  private buffered = 0;
  private discarding = false;
  private closed = false;
  private whenWritable: Promise<void> | undefined;
  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {}

  async start(): Promise<void> {
    this.input.on("data", this.onData);
    this.input.on("error", this.onInputError);
    this.input.on("end", this.onInputEnd);
    this.input.on("close", this.onInputEnd);
  }

  /**
   * Resolves once the line is written or buffered under the high-water mark, or once the output
   * can no longer take it (closed, failed: the client is gone), so nothing waits forever on it.
   */
  send(message: JSONRPCMessage): Promise<void> {
    if ("id" in message && !("method" in message)) this.pending.end(message.id);
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
    this.input.off("end", this.onInputEnd);
    this.input.off("close", this.onInputEnd);
    this.chunks = [];
    this.onclose?.();
  }

  private readonly onInputError = (error: Error) => this.onerror?.(error);

  private ended = false;
  private readonly onInputEnd = () => {
    if (this.ended) return;
    this.ended = true;
    // A last line without its newline is still a message (`printf '{…}' | v0-webhooks-mcp`).
    if (!this.discarding && this.chunks.length > 0) this.handleLine(Buffer.concat(this.chunks));
    this.chunks = [];
    this.onend?.();
  };

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
    if (text === "" || this.closed) return;
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(text);
    } catch {
      this.onerror?.(
        new Error(`input that is not a JSON-RPC message (${text.length} characters, not shown: it may hold a secret)`),
      );
      this.answerInvalidRequest(text);
      return;
    }
    if ("method" in message) {
      // A subscription stays open until the session closes: it is not work to wait for at shutdown.
      if ("id" in message && message.method !== "subscriptions/listen") this.pending.begin(message.id);
      else if (message.method === "notifications/cancelled") this.pending.end(message.params?.requestId);
    }
    this.onmessage?.(message);
  }

  /**
   * A request the SDK cannot accept (params not an object, a malformed `_meta`…) but whose id is
   * usable gets -32600, in the words of the SDK's HTTP entry, so a stdio client is not left waiting
   * (the SDK's stdio transport drops it silently; test/e2e/parity.test.ts holds the two transports equal).
   */
  private answerInvalidRequest(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    const { id, method } = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
    if (typeof method !== "string" || !(typeof id === "string" || (typeof id === "number" && Number.isFinite(id)))) {
      return;
    }
    void this.send({ jsonrpc: "2.0", id, error: { code: -32600, message: INVALID_REQUEST_MESSAGE } });
  }
}

/** What the SDK's HTTP entry answers to a body that is JSON but not a valid JSON-RPC message. */
const INVALID_REQUEST_MESSAGE = "Bad Request: the request body is not a valid JSON-RPC message";
