import { once } from "node:events";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { ReceiveConfig } from "./args.js";

/** A delivery body larger than this is answered 413 and not printed (no event payload comes close). */
export const MAX_DELIVERY_BYTES = 1024 * 1024;
/** How much of a body is printed. */
export const PRINT_BYTES = 8 * 1024;
/**
 * Connections held at once; one more is closed as soon as it is accepted. Behind a public tunnel
 * anyone can connect, and each connection may hold up to MAX_DELIVERY_BYTES of body in memory, so
 * this bounds the bodies in flight at 64 MiB. A webhook sender needs a handful at a time.
 */
export const MAX_CONNECTIONS = 64;
/**
 * Time to send the request line and headers, from the moment the connection opens (a connection that
 * sends nothing is cut off too). A webhook sender sends its headers at once: 10 s is generous, and a
 * slowloris client trickling header bytes loses its slot after it.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
/**
 * Time to send a whole request, body included (Node answers 408 and closes). 1 MiB in 30 s is
 * 35 KB/s: any real sender is far faster; a client trickling a body cannot hold a slot longer.
 */
export const REQUEST_TIMEOUT_MS = 30_000;
/** How long an idle kept-alive connection keeps its slot between deliveries (Node's default). */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/**
 * Forwards in flight at once (each holds its body for up to FORWARD_TIMEOUT_MS). Over it, a delivery
 * is printed but not forwarded, so a flood cannot pile up bodies waiting for a slow app.
 */
export const MAX_FORWARDS = 64;
const FORWARD_TIMEOUT_MS = 10_000;

/** The limits `receive` applies; tests pass smaller timeouts. */
export interface ReceiveLimits {
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export const RECEIVE_LIMITS: Readonly<ReceiveLimits> = {
  maxConnections: MAX_CONNECTIONS,
  headersTimeoutMs: HEADERS_TIMEOUT_MS,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
};

/** Header and query-parameter names whose values are masked when printed. */
const SECRET_NAME = /auth|cookie|token|secret|sig|key|password|session|credential/i;

/**
 * What is shown escaped rather than printed: C0 and C1 controls except tab and newline (ANSI escapes
 * and the like), and the invisible characters that reorder or hide text in a terminal: bidi marks,
 * embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–E, U+2066–9), zero-width characters
 * (U+200B–D, U+2060–4, U+FEFF), the other invisible format characters of U+206A–F, and the line and
 * paragraph separators U+2028/9.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** Control and invisible characters are shown, not obeyed: anyone can send a delivery. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
  });
}

/** The path with the values of secret-looking query parameters masked. */
function maskedPath(path: string): string {
  const at = path.indexOf("?");
  if (at === -1) return path;
  const query = path
    .slice(at + 1)
    .split("&")
    .map((pair) => {
      const [name = "", value] = pair.split("=");
      return value !== undefined && SECRET_NAME.test(decodeURIComponentSafe(name)) ? `${name}=${mask(value)}` : pair;
    })
    .join("&");
  return `${path.slice(0, at)}?${query}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export interface Delivery {
  at: Date;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One delivery, readable: time, method, path, headers (secret-looking values masked), and the body
 * as pretty JSON, or as text when it is not JSON, cut at PRINT_BYTES.
 */
export function formatDelivery(delivery: Delivery): string {
  const headers = Object.entries(delivery.headers).map(([name, value]) => {
    const text = Array.isArray(value) ? value.join(", ") : String(value ?? "");
    return `  ${printable(name)}: ${printable(SECRET_NAME.test(name) ? mask(text) : text)}`;
  });
  const raw = delivery.body.toString("utf8");
  let body: string;
  try {
    body = raw.trim() === "" ? "(empty body)" : JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    body = raw;
  }
  const cut =
    body.length > PRINT_BYTES
      ? `${body.slice(0, PRINT_BYTES)}\n… (${body.length - PRINT_BYTES} more characters)`
      : body;
  return [
    `${delivery.at.toISOString()}  ${printable(delivery.method)} ${printable(maskedPath(delivery.path))}`,
    ...headers,
    "",
    printable(cut),
    "",
  ].join("\n");
}

function mask(value: string): string {
  return value.length <= 8 ? "****" : `${value.slice(0, 4)}…(${value.length - 4} more, masked)`;
}

export interface Receiving {
  url: string;
  close(): Promise<void>;
}

/**
 * `v0-webhooks-mcp receive`: a local receiver for webhook deliveries, like `stripe listen
 * --forward-to`. Each request is answered 200 at once (413 over MAX_DELIVERY_BYTES), then printed;
 * with `forward`, it is passed on to the user's app (same method, headers and body) and that app's
 * status printed. A failed forward is reported and never stops the receiver.
 *
 * It may sit behind a public tunnel, so a sender is not trusted: a body is read only up to
 * MAX_DELIVERY_BYTES (a longer one, or a declared Content-Length over it, gets 413 and the connection
 * is closed, the rest never read), connections are capped at `maxConnections`, and slow senders are
 * cut off by the header and request timeouts. At most maxConnections × MAX_DELIVERY_BYTES of bodies
 * is held at once, plus those waiting on a forward (at most MAX_FORWARDS).
 */
export async function receive(
  config: ReceiveConfig,
  print: (text: string) => void,
  limits: Partial<ReceiveLimits> = {},
): Promise<Receiving> {
  const { maxConnections, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = { ...RECEIVE_LIMITS, ...limits };
  let forwarding = 0;

  const declaredTooBig = (req: IncomingMessage) => Number(req.headers["content-length"] ?? 0) > MAX_DELIVERY_BYTES;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "/";
    let chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = () => {
      refused = true;
      chunks = [];
      // Take nothing more off the socket, answer, and close: the rest of the body is never read.
      req.socket.pause();
      res.once("finish", () => req.socket.destroy());
      const text = "delivery over 1 MiB\n";
      res
        .writeHead(413, { "content-type": "text/plain", "content-length": text.length, connection: "close" })
        .end(text);
      print(
        `${new Date().toISOString()}  ${printable(`${req.method} ${maskedPath(path)}`)}: refused, body over ${MAX_DELIVERY_BYTES} bytes (413)\n`,
      );
    };
    if (declaredTooBig(req)) return refuse();
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_DELIVERY_BYTES) return refuse();
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (refused) return;
      res.writeHead(200, { "content-type": "text/plain" }).end("received\n");
      const body = Buffer.concat(chunks, size);
      chunks = [];
      const delivery = { at: new Date(), method: req.method ?? "POST", path, headers: req.headers, body };
      print(formatDelivery(delivery));
      if (!config.forward) return;
      if (forwarding >= MAX_FORWARDS) {
        print(`  → not forwarded: ${MAX_FORWARDS} forwards already in flight\n`);
        return;
      }
      forwarding++;
      void forward(config.forward, delivery, print).finally(() => forwarding--);
    });
  };

  const server: Server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      // How often Node looks for connections past those timeouts (its default is 30 s, which would
      // let a slow sender keep its slot three times longer than the timeout says).
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
    },
    handle,
  );
  server.maxConnections = maxConnections;
  // `Expect: 100-continue` over the limit: answer 413 instead of inviting the body.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    if (!declaredTooBig(req)) res.writeContinue();
    handle(req, res);
  });
  server.listen(config.port, config.host);
  await once(server, "listening");
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Headers that belong to one connection (RFC 9110 §7.6.1), and those fetch sets itself. */
const HOP_BY_HOP = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "expect",
  "upgrade",
  "te",
  "trailer",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
]);

async function forward(target: string, delivery: Delivery, print: (text: string) => void): Promise<void> {
  const headers = new Headers();
  const named = String(delivery.headers.connection ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase());
  for (const [name, value] of Object.entries(delivery.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.includes(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  try {
    const response = await fetch(target, {
      method: delivery.method,
      headers,
      body: delivery.method === "GET" || delivery.method === "HEAD" ? null : new Uint8Array(delivery.body),
      redirect: "manual",
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    print(`  → forwarded to ${target}: ${response.status} ${printable(response.statusText)}\n`);
  } catch (error) {
    const cause =
      (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
    print(`  → forward to ${target} failed: ${printable(cause)}; the receiver keeps running\n`);
  }
}
