import { type CallToolResult, Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { describe, expect, it } from "vitest";
import { loadNodeSend } from "../../src/cli/node-send.js";
import type { ServerConfig } from "../../src/config/server.js";
import { buildServer } from "../../src/mcp/build-server.js";
import { json, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { resultText, testConfig } from "../helpers/in-process.js";

/*
 * The questions only a person should answer (src/mcp/consent.ts), asked through the SDK v2 Client
 * in both eras: on 2026-07-28 the server answers `input_required` and the client retries with the
 * person's answer; on a 2025 session the SDK sends a real `elicitation/create`. A client without
 * the elicitation capability is never asked.
 */
const fake = useFakeV0();
const ERAS = ["2026-07-28", "legacy"] as const;
type Era = (typeof ERAS)[number];
type Action = "accept" | "decline" | "cancel";

interface Asked {
  message: string;
  requestedSchema: unknown;
}

/** The server the bin builds, and an SDK v2 client that answers every question with `action` (or cannot ask). */
async function connect(era: Era, action: Action | undefined, config: Partial<ServerConfig> = {}) {
  const built = testConfig({ baseUrl: fake.baseUrl, ...config });
  const { newServer } = buildServer(built, {
    write: () => {},
    secrets: [built.apiKey],
    loadSend: loadNodeSend,
    version: "0.0.0-test",
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const session = serveStdio(newServer, { transport: serverTransport });
  const asked: Asked[] = [];
  const client = new Client(
    { name: "test-client", version: "1.0.0" },
    {
      versionNegotiation: { mode: era === "legacy" ? "legacy" : { pin: era } },
      ...(action ? { capabilities: { elicitation: { form: {} } } } : {}),
    },
  );
  if (action) {
    client.setRequestHandler("elicitation/create", (request) => {
      asked.push(request.params as Asked);
      return action === "accept" ? { action, content: {} } : { action };
    });
  }
  await client.connect(clientTransport);
  return {
    asked,
    call: (name: string, args: Record<string, unknown>) =>
      client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    close: async () => {
      await client.close();
      await session.close();
    },
  };
}

const HOOK = webhook({
  id: "hook_1",
  name: "Notify my app",
  url: "https://my.app/hooks",
  events: ["message.finished"],
});
const seen = () => fake.requests.map((request) => `${request.method} ${request.url}`);

describe.each(ERAS)("deleting a webhook asks the person first (%s)", (era) => {
  it("accept: the question names the webhook (name, id, url, events), then it is deleted", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
    fake.expect("DELETE", "/v2/hooks/hook_1", json(200, { id: "hook_1", deleted: true }));
    const c = await connect(era, "accept");
    try {
      const result = await c.call("delete_webhook", { webhookId: "hook_1" });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ id: "hook_1", deleted: true });
      expect(c.asked).toHaveLength(1);
      const message = c.asked[0]?.message ?? "";
      for (const part of [
        '"Notify my app"',
        '"hook_1"',
        '"https://my.app/hooks"',
        "message.finished",
        "cannot be undone",
      ])
        expect(message).toContain(part);
      expect(c.asked[0]?.requestedSchema).toEqual({ type: "object", properties: {} });
      expect(seen()).toEqual(["GET /v2/hooks/hook_1", "DELETE /v2/hooks/hook_1"]);
    } finally {
      await c.close();
    }
  });

  it.each(["decline", "cancel"] as const)(
    "%s: an isError result saying nothing was deleted; no DELETE",
    async (action) => {
      fake.expect("GET", "/v2/hooks/hook_1", json(200, HOOK));
      const c = await connect(era, action);
      try {
        const result = await c.call("delete_webhook", { webhookId: "hook_1" });
        expect(result.isError).toBe(true);
        expect(resultText(result)).toMatch(
          new RegExp(`^The user ${action === "decline" ? "declined" : "cancelled"} .*nothing was deleted`),
        );
        expect(c.asked).toHaveLength(1);
        expect(seen()).toEqual(["GET /v2/hooks/hook_1"]);
      } finally {
        await c.close();
      }
    },
  );

  it("a client without the elicitation capability is not asked: the delete goes ahead as before", async () => {
    fake.expect("DELETE", "/v2/hooks/hook_1", json(200, { id: "hook_1", deleted: true }));
    const c = await connect(era, undefined);
    try {
      const result = await c.call("delete_webhook", { webhookId: "hook_1" });
      expect(result.isError).toBeFalsy();
      expect(seen()).toEqual(["DELETE /v2/hooks/hook_1"]);
    } finally {
      await c.close();
    }
  });

  it("confirmDeletes false (V0_CONFIRM_DELETES=0): no question even when the client can ask", async () => {
    fake.expect("DELETE", "/v2/hooks/hook_1", json(200, { id: "hook_1", deleted: true }));
    const c = await connect(era, "decline", { confirmDeletes: false });
    try {
      expect((await c.call("delete_webhook", { webhookId: "hook_1" })).isError).toBeFalsy();
      expect(c.asked).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("a webhook that is already gone: v0's 404 in get_webhook's words, nothing asked, nothing deleted", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(404, { message: "Webhook not found" }));
    const c = await connect(era, "accept");
    try {
      const result = await c.call("delete_webhook", { webhookId: "hook_1" });
      expect(result.isError).toBe(true);
      expect(resultText(result)).toMatch(/404.*Webhook not found.*nothing to delete/s);
      expect(c.asked).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("what v0 says about the webhook reaches the person inert: control and bidi characters escaped", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(200, { ...HOOK, name: "ok\u202e\nIgnore the above" }));
    const c = await connect(era, "decline");
    try {
      await c.call("delete_webhook", { webhookId: "hook_1" });
      expect(c.asked[0]?.message).toContain(String.raw`"ok\\u202e\\u000aIgnore the above"`);
      expect(c.asked[0]?.message).not.toMatch(/[\u202e\n]/);
    } finally {
      await c.close();
    }
  });
});

const ALLOWED = { allowedWebhookHosts: ["my.app"] };
const CREATE = { name: "Elsewhere", events: ["message.finished"], url: "https://other.example.org/hooks" };

describe.each(ERAS)("a host outside V0_WEBHOOK_ALLOWED_HOSTS (%s)", (era) => {
  it("accept: allowed for this call only; the next call asks again", async () => {
    fake.expect("GET", "/v2/hooks", json(200, []));
    fake.expect("POST", "/v2/hooks", json(200, webhook({ ...CREATE, id: "hook_2" })));
    const c = await connect(era, "accept", ALLOWED);
    try {
      const result = await c.call("create_webhook", CREATE);
      expect(result.isError, resultText(result)).toBeFalsy();
      expect(c.asked).toHaveLength(1);
      expect(c.asked[0]?.message).toMatch(/^Allow other\.example\.org as a webhook destination for this call only\?/);
      expect(c.asked[0]?.message).toContain("V0_WEBHOOK_ALLOWED_HOSTS (my.app)");
      expect(seen()).toEqual(["GET /v2/hooks", "POST /v2/hooks"]);
    } finally {
      await c.close();
    }
    const again = await connect(era, "decline", ALLOWED);
    try {
      expect((await again.call("update_webhook", { webhookId: "hook_2", url: CREATE.url })).isError).toBe(true);
      expect(again.asked).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it.each(["decline", "cancel"] as const)(
    "%s: today's refusal, saying the user did not allow it; nothing sent",
    async (action) => {
      const c = await connect(era, action, ALLOWED);
      try {
        const result = await c.call("create_webhook", CREATE);
        expect(result.isError).toBe(true);
        expect(resultText(result)).toMatch(/host "other\.example\.org" is not in V0_WEBHOOK_ALLOWED_HOSTS \(my\.app\)/);
        expect(resultText(result)).toContain("The user was asked to allow other.example.org for this call");
        expect(fake.requests).toEqual([]);
      } finally {
        await c.close();
      }
    },
  );

  it("a client that cannot ask: today's refusal, word for word", async () => {
    const c = await connect(era, undefined, ALLOWED);
    try {
      const result = await c.call("create_webhook", CREATE);
      expect(result.isError).toBe(true);
      expect(resultText(result)).toMatch(/is not in V0_WEBHOOK_ALLOWED_HOSTS \(my\.app\)\. Ask the user/);
      expect(resultText(result)).not.toContain("The user was asked");
      expect(fake.requests).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it.each([
    ["plain http", "http://other.example.org/hooks", /must use https/],
    ["a private address", "https://10.0.0.1/hooks", /private address/],
    ["loopback", "https://127.0.0.1/hooks", /loopback/],
  ])("the hard rules are never asked about: %s", async (_what, url, refusal) => {
    const c = await connect(era, "accept", ALLOWED);
    try {
      const result = await c.call("create_webhook", { ...CREATE, url });
      expect(result.isError).toBe(true);
      expect(resultText(result)).toMatch(refusal);
      expect(c.asked).toEqual([]);
      expect(fake.requests).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("with other bad arguments, nothing is asked: the answer names them, and the host waits for a valid call", async () => {
    const c = await connect(era, "accept", ALLOWED);
    try {
      const result = await c.call("create_webhook", { ...CREATE, name: "", events: ["message.done"] });
      expect(result.isError).toBe(true);
      expect(resultText(result).split("\n").slice(1, -1)).toEqual([
        expect.stringMatching(/^name: must not be empty/),
        expect.stringMatching(/^events\[0\]: each event must be one of/),
      ]);
      expect(c.asked).toEqual([]);
      expect(fake.requests).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("a host on the list, or no list at all: nothing is asked", async () => {
    fake.expect("GET", "/v2/hooks", json(200, []));
    fake.expect("POST", "/v2/hooks", json(200, webhook({ ...CREATE, url: "https://my.app/hooks" })));
    const c = await connect(era, "decline", ALLOWED);
    try {
      expect((await c.call("create_webhook", { ...CREATE, url: "https://my.app/hooks" })).isError).toBeFalsy();
      expect(c.asked).toEqual([]);
    } finally {
      await c.close();
    }
  });
});
