import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeSend } from "../../src/v0/http-send.js";

/** A server that answers the first request on each connection and resets any later one. */
const served = new WeakMap<Socket, number>();
const log: string[] = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const count = (served.get(req.socket) ?? 0) + 1;
  served.set(req.socket, count);
  log.push(`${req.method} #${count}`);
  if (count > 1) {
    req.socket.destroy();
    return;
  }
  res.writeHead(200, { "content-type": "application/json", connection: "keep-alive" });
  res.end('{"ok":true}');
});
let base = "";

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const init = (method: string) => ({
  method,
  headers: { "content-type": "application/json" },
  body: method === "GET" ? undefined : "{}",
  signal: new AbortController().signal,
  maxBodyBytes: 1024,
});

describe("nodeSend", () => {
  it("never resends a request whose kept-alive socket was reset: it may have reached v0", async () => {
    log.length = 0;
    expect((await nodeSend(`${base}/a`, init("GET"))).text).toBe('{"ok":true}');
    await expect(nodeSend(`${base}/b`, init("POST"))).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(log).toEqual(["GET #1", "POST #2"]);
  });

  it("reports a reset on a fresh connection without retrying", async () => {
    const resetting = createServer((req) => req.socket.destroy());
    resetting.listen(0, "127.0.0.1");
    await once(resetting, "listening");
    const url = `http://127.0.0.1:${(resetting.address() as AddressInfo).port}/x`;
    await expect(nodeSend(url, init("POST"))).rejects.toMatchObject({ code: "ECONNRESET" });
    resetting.close();
  });
});
