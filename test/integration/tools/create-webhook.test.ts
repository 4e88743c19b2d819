import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_EVENTS } from "../../../src/v0/types.js";
import { json, offContract, useFakeV0, webhook } from "../../helpers/fake-v0.js";
import { type Connected, connectInProcess, resultText } from "../../helpers/in-process.js";

const fake = useFakeV0();
let mcp: Connected;
let mcpHttpAllowed: Connected;

beforeAll(async () => {
  mcp = await connectInProcess({ config: { baseUrl: fake.baseUrl } });
  mcpHttpAllowed = await connectInProcess({ config: { baseUrl: fake.baseUrl, allowHttpWebhooks: true } });
});
afterAll(async () => {
  await mcp.close();
  await mcpHttpAllowed.close();
});

const valid = { name: "Notify my app", events: ["message.finished"], url: "https://my.app/hooks" };

describe("create_webhook", () => {
  it("POSTs the webhook and returns it as structuredContent plus a summary and the same JSON", async () => {
    fake
      .expect("GET", "/v2/hooks", json(200, []))
      .expect(
        "POST",
        "/v2/hooks",
        offContract("v2 is beta: an extra field must be dropped", json(200, webhook({ extra: "dropped" }))),
      );
    const result = await mcp.call("create_webhook", valid);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ ...webhook(), created: true });
    expect(Object.keys(result.structuredContent ?? {}).sort()).toEqual(
      ["chatId", "created", "createdAt", "events", "id", "name", "url"].sort(),
    );
    const text = resultText(result);
    const [summary, ...rest] = text.split("\n\n");
    expect(summary).toBe(
      'Created webhook "Notify my app" (id "hook_123"): v0 will POST message.finished events of every chat to "https://my.app/hooks".',
    );
    expect(JSON.parse(rest.join("\n\n"))).toEqual(result.structuredContent);
    expect(JSON.parse(fake.requests[1]?.body ?? "")).toEqual({ ...valid, chatId: null });
  });

  it("drops duplicate events, trims strings and sends a given chatId", async () => {
    fake
      .expect("GET", "/v2/hooks", json(200, []))
      .expect(
        "POST",
        "/v2/hooks",
        json(200, webhook({ chatId: "chat_1", events: ["message.finished", "chat.created"] })),
      );
    const result = await mcp.call("create_webhook", {
      name: "  Notify  ",
      events: ["message.finished", "chat.created", "message.finished"],
      url: " https://my.app/hooks ",
      chatId: "chat_1",
    });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(fake.requests[1]?.body ?? "")).toEqual({
      name: "Notify",
      events: ["message.finished", "chat.created"],
      url: "https://my.app/hooks",
      chatId: "chat_1",
    });
    expect(resultText(result)).toContain('of chat "chat_1"');
  });

  it("sends chatId null when the agent passes null", async () => {
    fake.expect("GET", "/v2/hooks", json(200, [])).expect("POST", "/v2/hooks", json(200, webhook()));
    await mcp.call("create_webhook", { ...valid, chatId: null });
    expect(JSON.parse(fake.requests[1]?.body ?? "").chatId).toBeNull();
  });

  it("accepts every one of the seven event types", async () => {
    fake
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("POST", "/v2/hooks", json(200, webhook({ events: [...WEBHOOK_EVENTS] })));
    const result = await mcp.call("create_webhook", { ...valid, events: [...WEBHOOK_EVENTS] });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(fake.requests[1]?.body ?? "").events).toEqual([...WEBHOOK_EVENTS]);
  });

  it.each([
    ["name missing", { events: valid.events, url: valid.url }, /name: is required/],
    ["name empty", { ...valid, name: "   " }, /name: must not be empty/],
    [
      "name too long",
      { ...valid, name: "n".repeat(201) },
      /name: must be at most 200 characters \(a limit of this server/,
    ],
    ["events missing", { name: "x", url: valid.url }, /events: is required/],
    ["events empty", { ...valid, events: [] }, /events: must list at least one of: chat\.created/],
    [
      "events a string (the seed page's bug)",
      { ...valid, events: "example" },
      /events: must be an array of event types/,
    ],
    [
      "an unknown event",
      { ...valid, events: ["message.done"] },
      /events\[0\]: each event must be one of: .*message\.finished/,
    ],
    ["url relative", { ...valid, url: "/hooks" }, /url: must be an absolute URL starting with https:\/\//],
    ["url not http", { ...valid, url: "ftp://my.app/hooks" }, /url: must be an absolute URL/],
    ["url plain http", { ...valid, url: "http://my.app/hooks" }, /url: must use https:\/\/.*V0_WEBHOOK_ALLOW_HTTP=1/],
    [
      "a url whose host cannot be a DNS name",
      { ...valid, url: "https://my{app}.com/hooks" },
      /url: has a host, "my\{app\}\.com", that is not a domain name or IP address/,
    ],
    ["chatId a number", { ...valid, chatId: 42 }, /chatId: must be a string or null/],
    ["chatId empty", { ...valid, chatId: "" }, /chatId: must not be empty; use null/],
    [
      "an unknown field",
      { ...valid, secret: "s" },
      /unknown field\(s\) "secret"; allowed fields: name, events, url, chatId/,
    ],
  ])("rejects %s without calling v0", async (_case, args, message) => {
    const result = await mcp.call("create_webhook", args);
    expect(result.isError).toBe(true);
    const text = resultText(result);
    expect(text).toMatch(message);
    expect(text).toContain("nothing was sent to v0");
    expect(fake.requests).toHaveLength(0);
  });

  it("names every bad argument of a call in one answer, in the schema's order", async () => {
    const result = await mcp.call("create_webhook", {
      name: "   ",
      events: ["message.done", "chat.created", "nope"],
      url: "/hooks",
      chatId: 7,
      secret: "s",
    });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe(
      [
        "Invalid arguments for create_webhook; nothing was sent to v0.",
        "name: must not be empty (a rule of this server; v0 sets none)",
        `events[0], events[2]: each event must be one of: ${WEBHOOK_EVENTS.join(", ")}`,
        "url: must be an absolute URL starting with https://, e.g. https://my.app/hooks",
        "chatId: must be a string or null",
        'unknown field(s) "secret"; allowed fields: name, events, url, chatId',
        "Fix the arguments and call create_webhook again.",
      ].join("\n"),
    );
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ["plain http", "http://my.app/hooks", /^url: must use https:\/\/.*V0_WEBHOOK_ALLOW_HTTP=1/],
    [
      "a private address",
      "https://10.0.0.1/hooks",
      /^url: 10\.0\.0\.1 is a private address.*V0_WEBHOOK_ALLOW_PRIVATE=1/,
    ],
    ["credentials", "https://user:pw@my.app/hooks", /^url: must not contain credentials/],
  ])("names the destination policy's refusal (%s) with the other bad arguments", async (_case, url, refusal) => {
    const result = await mcp.call("create_webhook", { name: "a\u202eb", events: [], url });
    expect(result.isError).toBe(true);
    const lines = resultText(result).split("\n").slice(1, -1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^name: must be plain text on one line: it contains U\+202E RIGHT-TO-LEFT OVERRIDE/);
    expect(lines[1]).toMatch(/^events: must list at least one of: chat\.created/);
    expect(lines[2]).toMatch(refusal);
    expect(fake.requests).toHaveLength(0);
  });

  it("allows a plain http URL when V0_WEBHOOK_ALLOW_HTTP is on", async () => {
    fake
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("POST", "/v2/hooks", json(200, webhook({ url: "http://my.app/hooks" })));
    const result = await mcpHttpAllowed.call("create_webhook", { ...valid, url: "http://my.app/hooks" });
    expect(result.isError).toBeFalsy();
  });

  it("sends v0 the url in the RFC 3986 form its `format: uri` requires", async () => {
    const sent = "https://my.app/hooks?tags[]=a|b";
    const encoded = "https://my.app/hooks?tags%5B%5D=a%7Cb";
    fake.expect("GET", "/v2/hooks", json(200, [])).expect("POST", "/v2/hooks", json(200, webhook({ url: encoded })));
    const result = await mcp.call("create_webhook", { ...valid, url: sent });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(fake.requests[1]?.body ?? "{}").url).toBe(encoded);
  });

  it("explains a 404 in terms of the chatId", async () => {
    fake
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("POST", "/v2/hooks", json(404, { message: "Chat not found" }));
    const result = await mcp.call("create_webhook", { ...valid, chatId: "chat_nope" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/404.*Chat not found.*check chatId/s);
  });
});
