import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll } from "vitest";
import { requestProblems, responseProblems } from "./contract.js";

export interface RecordedRequest {
  method: string;
  /** Path and query as received, e.g. `/v2/hooks`. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Responder = (request: RecordedRequest, res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

interface Expectation {
  method: string;
  url: string;
  respond: Responder;
  used: boolean;
}

/** Responses a test serves off v0's contract on purpose (see `offContract`). */
const offContractResponses = new WeakSet<ServerResponse>();

/**
 * Serves what `respond` serves, exempt from the contract check: for a test of how the client copes
 * with an answer v0's OpenAPI document does not describe (an older deployment's error body, a
 * gateway's page, a missing field). `reason` says which, for the reader.
 */
export function offContract(_reason: string, respond: Responder): Responder {
  return (request, res, req) => {
    offContractResponses.add(res);
    return respond(request, res, req);
  };
}

/**
 * A JSON answer that v0's OpenAPI document does not describe but the path to v0 can produce: a
 * gateway's 429/502/503/504, an error body without v2's `message`, an older deployment's envelope.
 */
export function gateway(status: number, body: unknown, headers: Record<string, string> = {}): Responder {
  return offContract(
    "a gateway or an older deployment answers this, not v2 as documented",
    json(status, body, headers),
  );
}

/**
 * A local fake of the v0 API on 127.0.0.1, port 0. Every request must match an expectation
 * (method + exact path); anything else is recorded as unexpected and answered 599, so a test
 * that sends a request it did not plan for fails in `assertDone()`. Every request the client sends,
 * and every JSON response the fake serves (unless marked `offContract`), is checked against v0's
 * published OpenAPI document (test/contract/); a mismatch fails `assertDone()` too.
 */
export class FakeV0 {
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: string[] = [];
  /** Requests whose connection closed before the fake answered (e.g. a cancelled call). */
  readonly aborted: string[] = [];
  /** What the contract check found wrong with a request or a served response. */
  readonly contractViolations: string[] = [];
  private readonly expectations: Expectation[] = [];
  private fallback: Responder | undefined;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<FakeV0> {
    let fake: FakeV0 | undefined;
    const server = createServer((req, res) => {
      void fake?.handle(req, res);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    fake = new FakeV0(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** The base URL to configure, with the `/v2` path the real API has. */
  get baseUrl(): string {
    return `${this.origin}/v2`;
  }

  expect(method: string, url: string, respond: Responder): this {
    this.expectations.push({ method, url, respond, used: false });
    return this;
  }

  /** Answers every request not matched by an expectation (for stateful fakes). */
  otherwise(respond: Responder): this {
    this.fallback = respond;
    return this;
  }

  pending(): string[] {
    return this.expectations.filter((e) => !e.used).map((e) => `${e.method} ${e.url}`);
  }

  assertDone(): void {
    const problems = [
      ...this.contractViolations.map((v) => `off v0's OpenAPI contract: ${v}`),
      ...this.unexpected.map((u) => `unexpected request: ${u}`),
      ...this.pending().map((p) => `expected request never came: ${p}`),
    ];
    if (problems.length) throw new Error(problems.join("\n"));
  }

  reset(): void {
    this.requests.length = 0;
    this.unexpected.length = 0;
    this.aborted.length = 0;
    this.contractViolations.length = 0;
    this.expectations.length = 0;
    this.fallback = undefined;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    this.requests.push(recorded);
    this.contractViolations.push(...requestProblems(recorded.method, recorded.url, recorded.body));
    this.checkResponse(recorded, res);
    res.on("close", () => {
      if (!res.writableFinished) this.aborted.push(`${recorded.method} ${recorded.url}`);
    });
    const match = this.expectations.find((e) => !e.used && e.method === recorded.method && e.url === recorded.url);
    if (match) {
      match.used = true;
      await match.respond(recorded, res, req);
      return;
    }
    if (this.fallback) {
      await this.fallback(recorded, res, req);
      return;
    }
    this.unexpected.push(`${recorded.method} ${recorded.url}`);
    offContract("flags a request the test did not expect", json(599, { message: "unexpected request in test" }))(
      recorded,
      res,
      req,
    );
  }

  /** Checks the JSON body the responder ends the response with, unless it is marked off-contract. */
  private checkResponse(recorded: RecordedRequest, res: ServerResponse): void {
    // Responders set their headers through writeHead, which getHeader does not see: note them here.
    let type = "";
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      const headers = args.find((arg) => typeof arg === "object" && arg !== null && !Array.isArray(arg));
      for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
        if (name.toLowerCase() === "content-type") type = String(value);
      }
      return writeHead(...args);
    }) as typeof res.writeHead;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      const [chunk] = args;
      type ||= String(res.getHeader("content-type") ?? "");
      if (!offContractResponses.has(res) && type.startsWith("application/json") && chunk !== undefined) {
        let body: unknown;
        try {
          body = JSON.parse(String(chunk));
        } catch {
          this.contractViolations.push(
            `${recorded.method} ${recorded.url}: the ${res.statusCode} response is not JSON`,
          );
        }
        if (body !== undefined) {
          this.contractViolations.push(...responseProblems(recorded.method, recorded.url, res.statusCode, body));
        }
      }
      return end(...args);
    }) as typeof res.end;
  }
}

/**
 * A v0 that takes one key (`key()` is asked per request, so a test can turn it away later): 401
 * for any other bearer, an empty list for `GET /hooks`, and `otherwise` (404 by default) for the rest.
 */
export function oneKeyV0(
  key: () => string | undefined,
  otherwise: Responder = json(404, { message: "Not found" }),
): Responder {
  return (request, res, req) => {
    const accepted = key();
    if (accepted === undefined || request.headers.authorization !== `Bearer ${accepted}`) {
      return json(401, { message: "Invalid API key" })(request, res, req);
    }
    if (request.method === "GET" && request.url === "/v2/hooks") return json(200, [])(request, res, req);
    return otherwise(request, res, req);
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Responder {
  return (_request, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

/** A body that is not the JSON v0 documents (a gateway's page, malformed or empty JSON): off the contract by design. */
export function text(status: number, body: string, contentType = "text/plain"): Responder {
  return offContract("not the JSON v0 documents", (_request, res) => {
    res.writeHead(status, { "content-type": contentType });
    res.end(body);
  });
}

/** Closes the connection without an answer (the client sees a reset / "other side closed"). */
export function reset(): Responder {
  return (_request, res) => {
    res.socket?.destroy();
  };
}

/** Never answers; the client's timeout or cancellation has to end the request. */
export function hang(): Responder {
  return () => {};
}

/** Sends headers and half a JSON body, then cuts the connection. */
export function truncated(status: number, partial: string): Responder {
  return (_request, res) => {
    res.writeHead(status, { "content-type": "application/json", "content-length": String(partial.length * 2) });
    res.write(partial, () => res.socket?.destroy());
  };
}

export function webhook(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "hook_123",
    createdAt: "2026-11-29T12:00:00.000Z",
    name: "Notify my app",
    events: ["message.finished"],
    url: "https://my.app/hooks",
    chatId: null,
    ...overrides,
  };
}

/**
 * The one way a test file gets a fake v0 API: started before its tests, checked after each test
 * (it saw exactly the expected requests), reset, and closed at the end. `otherwise` answers every
 * request no expectation matches (a stateful or permissive fake), in every test. The returned
 * handle forwards to the running fake.
 */
export function useFakeV0(options: { otherwise?: Responder } = {}): FakeV0 {
  let current: FakeV0 | undefined;
  const { otherwise } = options;
  beforeAll(async () => {
    current = await FakeV0.start();
    if (otherwise) current.otherwise(otherwise);
  });
  afterAll(async () => {
    await current?.close();
  });
  afterEach(() => {
    try {
      current?.assertDone();
    } finally {
      current?.reset();
      if (otherwise) current?.otherwise(otherwise);
    }
  });
  return new Proxy({} as FakeV0, {
    get(_target, property) {
      if (!current) throw new Error("the fake v0 API is not started yet (use it inside hooks and tests)");
      const value = Reflect.get(current, property, current);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}
