import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReceiveConfig } from "./config.js";

/** A delivery body larger than this is answered 413 and not printed (no event payload comes close). */
export const MAX_DELIVERY_BYTES = 1024 * 1024;
/** How much of a body is printed. */
export const PRINT_BYTES = 8 * 1024;
/** Header and query-parameter names whose values are masked when printed. */
const SECRET_NAME = /auth|cookie|token|secret|sig|key|password|session|credential/i;

/** Control characters (ANSI escapes and the like) are shown, not obeyed: anyone can send a delivery. */
function printable(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
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
    return `  ${name}: ${printable(SECRET_NAME.test(name) ? mask(text) : text)}`;
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
 */
export async function receive(config: ReceiveConfig, print: (text: string) => void): Promise<Receiving> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = Number(req.headers["content-length"] ?? 0) > MAX_DELIVERY_BYTES;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DELIVERY_BYTES) tooBig = true;
      if (!tooBig) chunks.push(chunk);
    });
    req.on("end", () => {
      const at = new Date();
      const path = req.url ?? "/";
      if (tooBig) {
        res.writeHead(413, { "content-type": "text/plain", connection: "close" }).end("delivery over 1 MiB\n");
        print(
          `${at.toISOString()}  ${printable(`${req.method} ${maskedPath(path)}`)}: refused, body over ${MAX_DELIVERY_BYTES} bytes (413)\n`,
        );
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" }).end("received\n");
      const delivery = { at, method: req.method ?? "POST", path, headers: req.headers, body: Buffer.concat(chunks) };
      print(formatDelivery(delivery));
      if (config.forward) void forward(config.forward, delivery, print);
    });
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
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    print(`  → forwarded to ${target}: ${response.status} ${response.statusText}\n`);
  } catch (error) {
    const cause =
      (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
    print(`  → forward to ${target} failed: ${cause}; the receiver keeps running\n`);
  }
}
