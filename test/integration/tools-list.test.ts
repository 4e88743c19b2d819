import { describe, expect, it } from "vitest";
import { describeTools } from "../../src/mcp/describe-tools.js";
import { allTools, selectTools } from "../../src/tools/index.js";
import { WEBHOOK_EVENTS } from "../../src/v0/types.js";
import { INITIALIZE, RawStdioSession } from "../helpers/bin.js";
import { connectInProcess } from "../helpers/in-process.js";

const listed = describeTools(allTools);
const byName = new Map(listed.map((tool) => [tool.name, tool]));

function findKeys(value: unknown, key: string, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => findKeys(item, key, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(k === key ? [`${path}.${k}`] : []),
      ...findKeys(v, key, `${path}.${k}`),
    ]);
  }
  return [];
}

describe("the shipped bin's tool list (generated at build time)", () => {
  async function listFromBin(args: string[]): Promise<unknown> {
    const server = new RawStdioSession(["--sandbox", ...args]);
    try {
      server.send(INITIALIZE);
      await server.response(1);
      server.send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
      return ((await server.response(2)).result as { tools: unknown }).tools;
    } finally {
      await server.kill();
    }
  }

  it("is exactly what the source generates, in full and read-only", async () => {
    expect(await listFromBin([])).toEqual(listed);
    expect(await listFromBin(["--read-only"])).toEqual(describeTools(selectTools({ readOnly: true }).enabled));
  });
});

describe("the advertised tool list", () => {
  it("is pinned by a snapshot of the whole tools/list answer to a 2025-11-25 client", async () => {
    const mcp = await connectInProcess({ era: "legacy" });
    try {
      const answer = await mcp.client.listTools();
      await expect(`${JSON.stringify(answer, null, 2)}\n`).toMatchFileSnapshot("__snapshots__/tools-list.json");
    } finally {
      await mcp.close();
    }
  });

  it("gives a 2026-07-28 client the same tools, in the same order, with an hour's public cache hint", async () => {
    const mcp = await connectInProcess({ era: "2026-07-28" });
    try {
      const raw = await mcp.client.request({ method: "tools/list", params: {} });
      expect(raw).toMatchObject({ ttlMs: 3_600_000, cacheScope: "public" });
      expect((raw as { tools: unknown }).tools).toEqual(listed);
    } finally {
      await mcp.close();
    }
  });

  it("advertises every property of every zod schema (zod-to-json-schema reads only the zod/v3 API)", () => {
    for (const tool of allTools) {
      const advertised = byName.get(tool.name);
      expect(Object.keys(advertised?.inputSchema.properties ?? {}).sort(), tool.name).toEqual(
        Object.keys(tool.inputSchema.shape).sort(),
      );
      expect(Object.keys(advertised?.outputSchema?.properties ?? {}).length, tool.name).toBeGreaterThan(0);
    }
  });

  it("contains no $ref, $schema or top-level anyOf/oneOf/allOf", () => {
    for (const tool of listed) {
      expect(findKeys(tool, "$ref"), tool.name).toEqual([]);
      expect(findKeys(tool, "$schema"), tool.name).toEqual([]);
      for (const schema of [tool.inputSchema, tool.outputSchema]) {
        expect(schema?.type).toBe("object");
        for (const combinator of ["anyOf", "oneOf", "allOf", "not"]) expect(schema).not.toHaveProperty(combinator);
      }
    }
  });

  it("describes every input property and keeps descriptions under 1,000 characters", () => {
    for (const tool of listed) {
      expect(tool.description?.length, tool.name).toBeLessThanOrEqual(1000);
      expect(tool.description, tool.name).toMatch(/Example: \{/);
      for (const [name, property] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect((property as { description?: string }).description, `${tool.name}.${name}`).toBeTruthy();
      }
    }
  });

  it("declares every annotation explicitly", () => {
    for (const tool of listed) {
      expect(Object.keys(tool.annotations ?? {}).sort(), tool.name).toEqual(
        ["destructiveHint", "idempotentHint", "openWorldHint", "readOnlyHint", "title"].sort(),
      );
    }
  });

  it("advertises create_webhook with every property, the exact events enum and the required list", () => {
    const tool = byName.get("create_webhook");
    const input = tool?.inputSchema as unknown as {
      properties: Record<string, { type?: unknown; items?: { enum?: string[] }; minItems?: number }>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(Object.keys(input.properties)).toEqual(["name", "events", "url", "chatId"]);
    expect(input.required).toEqual(["name", "events", "url"]);
    expect(input.additionalProperties).toBe(false);
    expect(input.properties.events?.items?.enum).toEqual([
      "chat.created",
      "chat.updated",
      "chat.deleted",
      "message.created",
      "message.updated",
      "message.deleted",
      "message.finished",
    ]);
    expect(input.properties.events?.items?.enum).toEqual([...WEBHOOK_EVENTS]);
    expect(input.properties.events?.minItems).toBe(1);
    const output = tool?.outputSchema as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(output.properties).sort()).toEqual([
      "chatId",
      "created",
      "createdAt",
      "events",
      "id",
      "name",
      "url",
    ]);
    expect(output.required.sort()).toEqual(["chatId", "created", "createdAt", "events", "id", "name", "url"]);
    expect(tool?.annotations).toEqual({
      title: "Create v0 webhook",
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    });
  });
});

describe("schema portability", () => {
  it("never uses a type array (single-type dialects such as Gemini's reject it)", () => {
    const typeArrays = (value: unknown): number =>
      Array.isArray(value)
        ? value.reduce((n: number, v) => n + typeArrays(v), 0)
        : value && typeof value === "object"
          ? Object.entries(value).reduce((n, [k, v]) => n + (k === "type" && Array.isArray(v) ? 1 : typeArrays(v)), 0)
          : 0;
    expect(typeArrays(listed)).toBe(0);
  });
});
