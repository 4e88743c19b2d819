import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { formatDelivery } from "../../src/cli/receive.js";
import { BIN, serverEnv } from "../helpers/bin.js";

/* `v0-webhooks-mcp receive`: see a delivery arrive, and pass it on. */
interface Receiver {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout: () => string;
}
const started: Receiver[] = [];

async function startReceiver(args: string[] = []): Promise<Receiver> {
  const child = spawn(process.execPath, [BIN, "receive", "--port", "0", ...args], { cwd: "/", env: serverEnv({}) });
  let stdout = "";
  child.stdout.setEncoding("utf8");
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      const match = /Receiving webhook deliveries at (\S+?),? /.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`receiver exited ${code}: ${stdout}`)));
  });
  const receiver = { child, url, stdout: () => stdout };
  started.push(receiver);
  return receiver;
}

afterEach(async () => {
  for (const { child } of started.splice(0)) {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  }
});

const deliver = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(new URL("/hooks/secret-path-token", url), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

describe("v0-webhooks-mcp receive", () => {
  it("answers 200 and prints a JSON delivery readably, masking secret-looking headers", async () => {
    const r = await startReceiver();
    const response = await deliver(r.url, '{"event":"message.finished","chatId":"chat_1"}', {
      authorization: "Bearer super-secret-value-123",
      "x-v0-signature": "sig-abcdef0123456789",
    });
    expect(response.status).toBe(200);
    await expect.poll(() => r.stdout()).toMatch(/POST \/hooks\/secret-path-token/);
    expect(r.stdout()).toContain('"event": "message.finished"');
    expect(r.stdout()).toMatch(/authorization: Bear…\(\d+ more, masked\)/);
    expect(r.stdout()).not.toContain("super-secret-value-123");
    expect(r.stdout()).not.toContain("sig-abcdef0123456789");
  });

  it("prints a body that is not JSON as text", async () => {
    const r = await startReceiver();
    expect(
      (await deliver(r.url, "plain=text&not=json", { "content-type": "application/x-www-form-urlencoded" })).status,
    ).toBe(200);
    await expect.poll(() => r.stdout()).toContain("plain=text&not=json");
  });

  it("refuses a body over 1 MiB with 413 and keeps receiving", async () => {
    const r = await startReceiver();
    const big = await deliver(r.url, JSON.stringify({ padding: "x".repeat(1024 * 1024) }));
    expect(big.status).toBe(413);
    await expect.poll(() => r.stdout()).toMatch(/refused, body over 1048576 bytes \(413\)/);
    expect((await deliver(r.url, '{"after":"the big one"}')).status).toBe(200);
    await expect.poll(() => r.stdout()).toContain('"after": "the big one"');
  });

  it("takes 50 concurrent deliveries and prints each once", async () => {
    const r = await startReceiver();
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => deliver(r.url, JSON.stringify({ n: i }))));
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    await expect.poll(() => (r.stdout().match(/"n": \d+/g) ?? []).length).toBe(50);
    expect(new Set(r.stdout().match(/"n": \d+/g)).size).toBe(50);
  });

  it("passes each delivery on to the app and prints its status", async () => {
    const got: Array<{ method?: string; body: string; signature?: string }> = [];
    const app = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        got.push({ method: req.method, body, signature: String(req.headers["x-v0-signature"]) });
        res.writeHead(202).end();
      });
    });
    app.listen(0, "127.0.0.1");
    await once(app, "listening");
    try {
      const target = `http://127.0.0.1:${(app.address() as AddressInfo).port}/hooks`;
      const r = await startReceiver(["--forward", target]);
      expect((await deliver(r.url, '{"event":"chat.created"}', { "x-v0-signature": "sig-1" })).status).toBe(200);
      await expect.poll(() => r.stdout()).toContain(`→ forwarded to ${target}: 202`);
      expect(got).toEqual([{ method: "POST", body: '{"event":"chat.created"}', signature: "sig-1" }]);
    } finally {
      app.close();
    }
  });

  it("reports a forward target that is down and keeps receiving", async () => {
    const down = createServer();
    down.listen(0, "127.0.0.1");
    await once(down, "listening");
    const target = `http://127.0.0.1:${(down.address() as AddressInfo).port}/hooks`;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    const r = await startReceiver(["--forward", target]);
    expect((await deliver(r.url, '{"n":1}')).status).toBe(200);
    await expect.poll(() => r.stdout()).toMatch(/→ forward to .* failed: ECONNREFUSED; the receiver keeps running/);
    expect((await deliver(r.url, '{"n":2}')).status).toBe(200);
    await expect.poll(() => r.stdout()).toContain('"n": 2');
    expect(r.child.exitCode).toBeNull();
  });

  it("masks secret-looking query values and shows control characters instead of obeying them", () => {
    const text = formatDelivery({
      at: new Date("2026-12-01T00:00:00Z"),
      method: "POST",
      path: "/hooks?token=SUPERSECRETTOKEN123&n=1",
      headers: { "x-webhook-sig": "abcdef0123456789" },
      body: Buffer.from("\u001b[31mred\u001b]0;title\u0007"),
    });
    expect(text).not.toContain("SUPERSECRETTOKEN123");
    expect(text).toContain("&n=1");
    expect(text).not.toContain("abcdef0123456789");
    expect(text).not.toMatch(/\u001b|\u0007/);
    expect(text).toContain("\\x1b[31mred");
  });

  it("cuts a long body when printing it", () => {
    const text = formatDelivery({
      at: new Date("2026-12-01T00:00:00Z"),
      method: "POST",
      path: "/x",
      headers: {},
      body: Buffer.from(JSON.stringify({ long: "y".repeat(20_000) })),
    });
    expect(text).toMatch(/… \(\d+ more characters\)/);
    expect(text.length).toBeLessThan(9_000);
  });
});
