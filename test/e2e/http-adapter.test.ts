import { once } from "node:events";
import { type IncomingMessage, request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpBin, startHttpBin } from "../helpers/bin.js";
import { json, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { rpcAnswer } from "../helpers/http-answer.js";
import { TEST_KEY } from "../helpers/in-process.js";

/*
 * What the node:http glue (src/transports/http.ts) promises, whatever does the adapting: a body over
 * the limit is refused and its connection closed without waiting for the rest; a JSON answer goes
 * out with its length; an SSE answer goes out as it is produced, not when it ends.
 */
const TOKEN = "adapter-token-0123456789abcdef";
const LIMIT = 1024 * 1024;
const fake = useFakeV0();
let server: HttpBin;
let port: number;
beforeAll(async () => {
  server = await startHttpBin({ V0_API_KEY: TEST_KEY, V0_API_BASE_URL: fake.baseUrl, MCP_HTTP_TOKEN: TOKEN });
  port = Number(new URL(server.url).port);
});
afterAll(() => {
  server?.child.kill("SIGKILL");
});

const getWebhook = (id: number) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name: "get_webhook", arguments: { webhookId: "hook_123" } },
  });

/**
 * Sends `head` and then whatever `send` writes on a raw socket, never finishing the body; resolves
 * with everything the server sent once it closes the connection (a reset after the answer counts
 * as closing it).
 */
async function rawExchange(head: string[], send: (write: (data: string) => boolean) => void): Promise<string> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let received = "";
  socket.setEncoding("latin1");
  socket.on("data", (chunk: string) => {
    received += chunk;
  });
  const closed = new Promise<void>((resolve) => {
    socket.on("close", () => resolve());
    socket.on("error", () => {}); // ECONNRESET once the server closes on unread data
  });
  socket.write(`${head.join("\r\n")}\r\n\r\n`);
  send((data) => socket.write(data));
  await closed;
  return received;
}

const requestHead = (extra: string[]) => [
  "POST /mcp HTTP/1.1",
  `Host: 127.0.0.1:${port}`,
  `Authorization: Bearer ${TOKEN}`,
  "Content-Type: application/json",
  "Accept: application/json, text/event-stream",
  ...extra,
];

describe("the node:http glue", () => {
  it("answers a body declared over 1 MiB with 413 and closes the connection without waiting for it", async () => {
    const answer = await rawExchange(requestHead([`Content-Length: ${2 * LIMIT}`]), (write) => {
      write('{"jsonrpc":"2.0",'); // the rest never comes
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
  });

  it("answers a chunked body that grows over 1 MiB with 413 and closes the connection without waiting for its end", async () => {
    const chunk = "x".repeat(64 * 1024);
    const answer = await rawExchange(requestHead(["Transfer-Encoding: chunked"]), (write) => {
      for (let sent = 0; sent <= LIMIT; sent += chunk.length) write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      // no terminating 0-length chunk: the body never ends
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
  });

  it("sends a JSON answer with its length (no chunked encoding)", async () => {
    fake.expect("GET", "/v2/hooks/hook_123", json(200, webhook()));
    const response = await fetch(server.url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2026-07-28",
        "mcp-method": "tools/call",
        "mcp-name": "get_webhook",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: {
          name: "get_webhook",
          arguments: { webhookId: "hook_123" },
          _meta: {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
            "io.modelcontextprotocol/clientCapabilities": {},
          },
        },
      }),
    });
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text)).toMatchObject({ result: { structuredContent: { id: "hook_123" } } });
  });

  it("sends an SSE answer's head while the call is still running, and its event when the call ends", async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.expect("GET", "/v2/hooks/hook_123", async (recorded, res, req) => {
      await released;
      json(200, webhook())(recorded, res, req);
    });
    const req = request({
      host: "127.0.0.1",
      port,
      path: "/mcp",
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-06-18",
      },
    });
    req.end(getWebhook(9));
    const [response] = (await once(req, "response")) as [IncomingMessage];
    // The head came while the call cannot have ended (v0 has not answered): it is not held back.
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/event-stream");
    release();
    let body = "";
    for await (const chunk of response) body += String(chunk);
    const answer = await rpcAnswer(new Response(body, { headers: { "content-type": "text/event-stream" } }));
    expect(answer).toMatchObject({ id: 9, result: { structuredContent: { id: "hook_123" } } });
  });
});
