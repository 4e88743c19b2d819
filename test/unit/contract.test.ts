import { describe, expect, it } from "vitest";
import { MemoryHooksApi } from "../../src/sandbox/memory-hooks-api.js";
import { V0HttpError } from "../../src/v0/errors.js";
import { requestProblems, responseProblems } from "../helpers/contract.js";

/*
 * The sandbox's in-memory API (--sandbox) answers as v0's published OpenAPI document says v0 does:
 * every answer of a whole lifecycle, and its 404s, checked against the document's schemas.
 */
describe("the sandbox, held to v0's OpenAPI document", () => {
  it("answers create, list, get, update and delete as the document describes", async () => {
    const api = new MemoryHooksApi();
    const body = {
      name: "Notify my app",
      events: ["message.finished" as const],
      url: "https://my.app/hooks",
      chatId: null,
    };
    expect(requestProblems("POST", "/v2/hooks", JSON.stringify(body))).toEqual([]);
    const created = await api.createHook(body);
    expect(responseProblems("POST", "/v2/hooks", 200, created)).toEqual([]);
    const scoped = await api.createHook({ ...body, name: "One chat", chatId: "chat_1" });
    expect(responseProblems("POST", "/v2/hooks", 200, scoped)).toEqual([]);
    expect(responseProblems("GET", "/v2/hooks", 200, await api.listHooks())).toEqual([]);
    const path = `/v2/hooks/${created.id}`;
    expect(responseProblems("GET", path, 200, await api.getHook(created.id))).toEqual([]);
    const change = { name: "Renamed", events: ["chat.created" as const, "message.finished" as const] };
    expect(requestProblems("PATCH", path, JSON.stringify(change))).toEqual([]);
    expect(responseProblems("PATCH", path, 200, await api.updateHook(created.id, change))).toEqual([]);
    expect(responseProblems("DELETE", path, 200, await api.deleteHook(created.id))).toEqual([]);
  });

  it.each(["GET", "PATCH", "DELETE"] as const)("answers %s of an unknown id with a documented 404", async (method) => {
    const api = new MemoryHooksApi();
    const call = {
      GET: () => api.getHook("nope"),
      PATCH: () => api.updateHook("nope", { name: "x" }),
      DELETE: () => api.deleteHook("nope"),
    }[method];
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(V0HttpError);
    const { status, upstreamMessage } = error as V0HttpError;
    expect(responseProblems(method, "/v2/hooks/nope", status, { message: upstreamMessage })).toEqual([]);
  });

  it("catches what the document forbids (the check can fail)", () => {
    expect(responseProblems("GET", "/v2/hooks", 200, [{ id: "a", name: "A", url: "x" }])).toEqual([
      "GET /hooks 200 response: /0 must NOT have additional properties",
    ]);
    expect(
      requestProblems(
        "POST",
        "/v2/hooks",
        JSON.stringify({ name: "a", events: ["chat.archived"], url: "https://x.y" }),
      ),
    ).toEqual([
      "POST /hooks request: (body) must have required property 'chatId'; /events/0 must be equal to one of the allowed values",
    ]);
    expect(requestProblems("PUT", "/v2/hooks/a", "{}")).toEqual([
      "PUT /hooks/{hookId}: no such operation in v0's OpenAPI document",
    ]);
  });
});
