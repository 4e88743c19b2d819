import { describe, expect, it } from "vitest";
import { WEBHOOK_EVENTS } from "../../src/v0/types.js";
import { json, useFakeV0, webhook } from "../helpers/fake-v0.js";
import { connectInProcess } from "../helpers/in-process.js";

/*
 * Prompts (slash commands), their argument completion, and resources (attachable context),
 * through the server the bin builds, in both eras.
 */
const fake = useFakeV0();
const ERAS = ["2026-07-28", "legacy"] as const;

describe.each(ERAS)("prompts, completion and resources (%s)", (era) => {
  it("declares prompts, resources and completions, and lists three prompts with titles and described arguments", async () => {
    const mcp = await connectInProcess({ era, config: { baseUrl: fake.baseUrl } });
    try {
      expect(mcp.client.getServerCapabilities()).toMatchObject({
        tools: {},
        prompts: {},
        resources: {},
        completions: {},
      });
      const { prompts } = await mcp.client.listPrompts();
      expect(prompts.map((prompt) => prompt.name)).toEqual(["set_up_webhook", "audit_webhooks", "verify_deliveries"]);
      for (const prompt of prompts) {
        expect(prompt.title).toBeTruthy();
        expect(prompt.description).toBeTruthy();
        for (const argument of prompt.arguments ?? []) {
          expect(argument.description).toBeTruthy();
          expect(argument.required).toBe(false);
        }
      }
      expect(prompts[0]?.arguments?.map((argument) => argument.name)).toEqual(["event", "url"]);
    } finally {
      await mcp.close();
    }
  });

  it("set_up_webhook leads through events, the destination, the create call and watching a delivery", async () => {
    const mcp = await connectInProcess({
      era,
      config: { baseUrl: fake.baseUrl, allowedWebhookHosts: ["my.app"] },
    });
    try {
      const result = await mcp.client.getPrompt({
        name: "set_up_webhook",
        arguments: { event: "message.finished", url: "https://my.app/hooks" },
      });
      const text = result.messages
        .map((message) => (message.content.type === "text" ? message.content.text : ""))
        .join("");
      expect(result.messages[0]?.role).toBe("user");
      for (const part of [
        "`message.finished`",
        "public https URL",
        "V0_WEBHOOK_ALLOWED_HOSTS (my.app)",
        'create_webhook {"name":"<what it is for>","events":["message.finished"],"url":"https://my.app/hooks"}',
        "npx -y v0-webhooks-mcp receive",
        "does not document the payload",
      ])
        expect(text).toContain(part);
      expect(fake.requests).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it("refuses an unknown event or prompt with a JSON-RPC error naming what is allowed", async () => {
    const mcp = await connectInProcess({ era, config: { baseUrl: fake.baseUrl } });
    try {
      await expect(
        mcp.client.getPrompt({ name: "set_up_webhook", arguments: { event: "project.created" } }),
      ).rejects.toThrow(/event: must be one of: chat\.created/);
      await expect(mcp.client.getPrompt({ name: "no_such_prompt" })).rejects.toThrow(/Unknown prompt/);
    } finally {
      await mcp.close();
    }
  });

  it.each([
    ["", [...WEBHOOK_EVENTS]],
    ["message.", ["message.created", "message.updated", "message.deleted", "message.finished"]],
    ["chat.d", ["chat.deleted"]],
    ["MESSAGE.F", ["message.finished"]],
    ["project", []],
  ])("completes the event argument from v0's event names by prefix: %j", async (typed, values) => {
    const mcp = await connectInProcess({ era, config: { baseUrl: fake.baseUrl } });
    try {
      for (const prompt of ["set_up_webhook", "verify_deliveries"]) {
        const { completion } = await mcp.client.complete({
          ref: { type: "ref/prompt", name: prompt },
          argument: { name: "event", value: typed },
        });
        expect(completion.values).toEqual(values);
        expect(completion.hasMore).toBe(false);
      }
    } finally {
      await mcp.close();
    }
  });

  it("reads the event catalogue: the seven events, their triggers, and that payloads are undocumented", async () => {
    const mcp = await connectInProcess({ era, config: { baseUrl: fake.baseUrl } });
    try {
      const { resources } = await mcp.client.listResources();
      expect(resources.map((resource) => resource.uri)).toEqual(["v0-webhooks://events"]);
      const { resourceTemplates } = await mcp.client.listResourceTemplates();
      expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(["v0-webhooks://webhooks/{webhookId}"]);
      const read = await mcp.client.readResource({ uri: "v0-webhooks://events" });
      const content = read.contents[0] as { text: string; mimeType: string };
      expect(content.mimeType).toBe("text/markdown");
      for (const event of WEBHOOK_EVENTS) expect(content.text).toContain(`\`${event}\``);
      expect(content.text).toContain("does not publicly document the payload format");
      expect(fake.requests).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it("reads one webhook as JSON through get_webhook's boundary: v0's text inert, the key scrubbed", async () => {
    fake.expect(
      "GET",
      "/v2/hooks/hook_1",
      json(200, webhook({ id: "hook_1", name: "a\u202eb", url: "https://my.app/hooks" })),
    );
    const mcp = await connectInProcess({ era, config: { baseUrl: fake.baseUrl } });
    try {
      const read = await mcp.client.readResource({ uri: "v0-webhooks://webhooks/hook_1" });
      const content = read.contents[0] as { text: string; mimeType: string; uri: string };
      expect(content).toMatchObject({ uri: "v0-webhooks://webhooks/hook_1", mimeType: "application/json" });
      expect(JSON.parse(content.text)).toMatchObject({ id: "hook_1", name: "a\\u202eb", url: "https://my.app/hooks" });
      expect(fake.requests[0]?.headers.authorization).toMatch(/^Bearer /);
    } finally {
      await mcp.close();
    }
  });

  it("a webhook that does not exist, or a bad id: -32602 in get_webhook's words", async () => {
    fake.expect("GET", "/v2/hooks/hook_9", json(404, { message: "Webhook not found" }));
    const mcp = await connectInProcess({ era, config: { baseUrl: fake.baseUrl } });
    try {
      await expect(mcp.client.readResource({ uri: "v0-webhooks://webhooks/hook_9" })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringMatching(/404.*Webhook not found.*list_webhooks/s),
      });
      await expect(mcp.client.readResource({ uri: "v0-webhooks://webhooks/.." })).rejects.toMatchObject({
        code: -32602,
      });
      await expect(mcp.client.readResource({ uri: "v0-webhooks://nothing" })).rejects.toMatchObject({ code: -32602 });
    } finally {
      await mcp.close();
    }
  });

  it("read-only mode keeps the prompts and resources that only read; set_up_webhook goes with create_webhook", async () => {
    const mcp = await connectInProcess({ era, config: { baseUrl: fake.baseUrl, readOnly: true } });
    try {
      const { prompts } = await mcp.client.listPrompts();
      expect(prompts.map((prompt) => prompt.name)).toEqual(["audit_webhooks", "verify_deliveries"]);
      const { resourceTemplates } = await mcp.client.listResourceTemplates();
      expect(resourceTemplates).toHaveLength(1);
      const audit = await mcp.client.getPrompt({ name: "audit_webhooks" });
      const text = audit.messages[0]?.content.type === "text" ? audit.messages[0].content.text : "";
      expect(text).toContain("this server is read-only");
      expect(text).not.toContain("delete_webhook");
    } finally {
      await mcp.close();
    }
  });
});

describe("caching hints on 2026-07-28 (the catalogue public and static, a webhook private and short)", () => {
  it("says so on each read", async () => {
    fake.expect("GET", "/v2/hooks/hook_1", json(200, webhook({ id: "hook_1" })));
    const mcp = await connectInProcess({ config: { baseUrl: fake.baseUrl } });
    try {
      const catalogue = (await mcp.client.readResource({ uri: "v0-webhooks://events" })) as Record<string, unknown>;
      expect(catalogue).toMatchObject({ ttlMs: 3_600_000, cacheScope: "public" });
      const hook = (await mcp.client.readResource({ uri: "v0-webhooks://webhooks/hook_1" })) as Record<string, unknown>;
      expect(hook).toMatchObject({ ttlMs: 5_000, cacheScope: "private" });
    } finally {
      await mcp.close();
    }
  });
});
