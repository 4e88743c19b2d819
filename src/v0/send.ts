/** How the v0 client makes one HTTP exchange, whatever the runtime: node:http(s) (http-send.ts) or fetch (fetch-send.ts). */
export interface SendInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Bytes of body to keep; a longer body is cut there (no v0 answer comes close). */
  maxBodyBytes: number;
}

export interface RawResponse {
  status: number;
  statusText: string;
  header(name: string): string | null;
  text: string;
}

/** One HTTP exchange. Rejects on connection errors (with the system error code) and aborts. */
export type Send = (url: string, init: SendInit) => Promise<RawResponse>;
