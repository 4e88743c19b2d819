import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  gateway,
  hang,
  json,
  offContract,
  type Responder,
  reset,
  text,
  truncated,
  useFakeV0,
  webhook,
} from "../helpers/fake-v0.js";
import { type Connected, connectInProcess, resultText, TEST_KEY } from "../helpers/in-process.js";

const fake = useFakeV0();
let mcp: Connected;

beforeAll(async () => {
  mcp = await connectInProcess({ config: { baseUrl: fake.baseUrl, timeoutMs: 300 } });
});
afterAll(async () => {
  await mcp.close();
});

const args = { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" };

/** Every upstream status and fault an agent can meet, and what the result must tell it. */
const cases: Array<{ what: string; respond: Responder; expected: RegExp[] }> = [
  {
    what: "401",
    respond: json(401, { message: "Invalid API key" }),
    expected: [/401/, /Invalid API key/, /check that V0_API_KEY/, /v0\.app\/chat\/settings\/keys/],
  },
  {
    what: "403",
    respond: json(403, { message: "Forbidden: upgrade your plan" }),
    expected: [/403/, /upgrade your plan/, /paid plan/, /permissions/],
  },
  { what: "404", respond: json(404, { message: "Chat not found" }), expected: [/404/, /Chat not found/, /chatId/] },
  {
    what: "422",
    respond: json(422, { message: "url: Invalid url" }),
    expected: [/422/, /url: Invalid url/, /fix the fields it names/],
  },
  {
    what: "429 with Retry-After",
    respond: gateway(429, { message: "Slow down" }, { "retry-after": "42" }),
    expected: [/429/, /Slow down/, /retry after 42 seconds/],
  },
  {
    what: "429 without Retry-After",
    respond: gateway(429, {}),
    expected: [/429/, /no Retry-After; wait about a minute/],
  },
  {
    what: "500 in the older error envelope",
    respond: gateway(500, { success: false, error: { type: "internal_server_error", message: "Something broke" } }),
    expected: [/500/, /Something broke/, /problem on v0's side/],
  },
  {
    what: "502 HTML page from a gateway",
    respond: text(502, "<html><head><title>502</title></head><body><h1>Bad Gateway</h1></body></html>", "text/html"),
    expected: [/502/, /problem on v0's side/, /may have been created/, /again with the same arguments is safe/],
  },
  {
    what: "200 with an HTML page",
    respond: text(200, "<!DOCTYPE html><html><body>Sign in</body></html>", "text/html"),
    expected: [/status 200/, /HTML page instead of JSON/],
  },
  {
    what: "200 with malformed JSON",
    respond: text(200, '{"id": "hook_1", ', "application/json"),
    expected: [/status 200/, /malformed or truncated JSON/],
  },
  {
    what: "200 with a webhook missing fields",
    respond: offContract(
      "a webhook missing fields, which the client must reject",
      json(200, { id: "hook_1", name: "x" }),
    ),
    expected: [/status 200/, /"createdAt" is missing/],
  },
  {
    what: "a reset connection",
    respond: reset(),
    expected: [/Could not reach the v0 API/, /may have been created/],
  },
  {
    what: "a body cut off mid-way",
    respond: truncated(200, '{"id":"hook_1","createdAt":"20'),
    expected: [/Could not reach the v0 API/],
  },
  {
    what: "a timeout",
    respond: hang(),
    expected: [/did not answer .* within 300 ms \(V0_TIMEOUT_MS\)/, /may have been created/],
  },
];

describe("every failure is an isError result an agent can act on", () => {
  it.each(cases)("$what", async ({ respond, expected }) => {
    fake.expect("GET", "/v2/hooks", json(200, [])).expect("POST", "/v2/hooks", respond);
    const result = await mcp.call("create_webhook", args);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    const message = resultText(result);
    for (const pattern of expected) expect(message).toMatch(pattern);
    // Never a stack trace, a parser error, raw markup, request headers or the key.
    expect(message).not.toMatch(/\n\s+at |SyntaxError|Unexpected token|ZodError|<\w|Bearer|authorization/i);
    expect(message).not.toContain(TEST_KEY);
  });

  it("scrubs the key when v0 echoes it back, in the result and in the logs", async () => {
    fake
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("POST", "/v2/hooks", json(401, { message: `Invalid key ${TEST_KEY} for this team` }));
    const result = await mcp.call("create_webhook", args);
    expect(resultText(result)).toContain("Invalid key [redacted] for this team");
    expect(JSON.stringify(result)).not.toContain(TEST_KEY);
    expect(mcp.logs.join("\n")).not.toContain(TEST_KEY);
    expect(mcp.logs.join("\n")).toContain("[redacted]");
  });

  it("scrubs the key from a successful result too", async () => {
    fake
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("POST", "/v2/hooks", json(200, webhook({ name: `leak ${TEST_KEY}` })));
    const result = await mcp.call("create_webhook", args);
    expect(JSON.stringify(result)).not.toContain(TEST_KEY);
  });

  it("keeps serving after a failure", async () => {
    fake
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("POST", "/v2/hooks", reset())
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("POST", "/v2/hooks", json(200, webhook()));
    expect((await mcp.call("create_webhook", args)).isError).toBe(true);
    expect((await mcp.call("create_webhook", args)).isError).toBeFalsy();
  });
});
