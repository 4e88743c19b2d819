import { describe, expect, it } from "vitest";
import { KvOAuthStore, MemoryOAuthStore, type OAuthStore } from "../../../src/oauth/index.js";

/** A Workers KV namespace in memory, with expirationTtl honoured against a test clock (KV's 60 s floor checked). */
function fakeKv(clock: { now: number }) {
  const entries = new Map<string, { value: string; until: number }>();
  const puts: { key: string; ttl: number | undefined }[] = [];
  return {
    puts,
    entries,
    async get(key: string) {
      const entry = entries.get(key);
      return entry && entry.until > clock.now ? entry.value : null;
    },
    async put(key: string, value: string, options?: { expirationTtl?: number }) {
      if (options?.expirationTtl !== undefined && options.expirationTtl < 60) throw new Error("KV: expirationTtl < 60");
      puts.push({ key, ttl: options?.expirationTtl });
      entries.set(key, { value, until: clock.now + (options?.expirationTtl ?? 1e9) * 1000 });
    },
  };
}

const stores: [string, (clock: { now: number }) => OAuthStore][] = [
  ["MemoryOAuthStore", (clock) => new MemoryOAuthStore({ now: () => clock.now })],
  ["KvOAuthStore", (clock) => new KvOAuthStore(fakeKv(clock))],
];

describe.each(stores)("%s", (_name, make) => {
  it("says a code is new once, then used, until its ttl passes", async () => {
    const clock = { now: 1_000_000 };
    const store = make(clock);
    expect(await store.useCode("c1", 120)).toBe(true);
    expect(await store.useCode("c1", 120)).toBe(false);
    expect(await store.useCode("c2", 120)).toBe(true);
    clock.now += 121_000;
    expect(await store.useCode("c1", 120)).toBe(true);
  });

  it("keeps a family's state until its ttl passes without a newer write", async () => {
    const clock = { now: 1_000_000 };
    const store = make(clock);
    expect(await store.getFamily("f")).toBeUndefined();
    await store.putFamily("f", { generation: 2, revoked: false }, 100);
    expect(await store.getFamily("f")).toEqual({ generation: 2, revoked: false });
    clock.now += 90_000;
    await store.putFamily("f", { generation: 3, revoked: true }, 100);
    clock.now += 90_000;
    expect(await store.getFamily("f")).toEqual({ generation: 3, revoked: true });
    clock.now += 11_000;
    expect(await store.getFamily("f")).toBeUndefined();
  });
});

describe("KvOAuthStore", () => {
  it("prefixes its keys, and never asks KV for a ttl under its 60 s floor", async () => {
    const clock = { now: 0 };
    const kv = fakeKv(clock);
    const store = new KvOAuthStore(kv);
    await store.useCode("c", 30);
    await store.putFamily("f", { generation: 1, revoked: false }, 2_592_000);
    expect(kv.puts).toEqual([
      { key: "oauth:code:c", ttl: 60 },
      { key: "oauth:family:f", ttl: 2_592_000 },
    ]);
  });

  it("reads a damaged family record as revoked (fail closed)", async () => {
    const clock = { now: 0 };
    const kv = fakeKv(clock);
    await kv.put("oauth:family:f", "{not json", { expirationTtl: 60 });
    expect(await new KvOAuthStore(kv).getFamily("f")).toEqual({ generation: 0, revoked: true });
  });
});
