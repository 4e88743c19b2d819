import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/cli/args.js";
import { loadHttpSettings } from "../../src/config/http.js";
import { loadServerConfig } from "../../src/config/server.js";
import { configErrorOf } from "../helpers/config-error.js";

/*
 * MCP_HTTP_AUTH=oauth's settings, for the bin (`--http`) and the Web handler alike: what it needs,
 * what it defaults, and what it refuses (naming the setting, never echoing a secret).
 */
const SECRET = `${"s".repeat(31)}1`;
const OLD_SECRET = "o".repeat(40);

function http(env: Record<string, string | undefined>, argv: string[] = []) {
  const command = loadConfig(env, ["--http", ...argv]);
  if (command.kind !== "run" || command.config.transport.kind !== "http") throw new Error("expected an HTTP run");
  return command.config.transport;
}

const web = (env: Record<string, string>) => loadHttpSettings(env, loadServerConfig(env));

describe("MCP_HTTP_AUTH=oauth", () => {
  it("takes the secret list (newest first), the public origin and the access-token lifetime", () => {
    const settings = http({
      MCP_HTTP_AUTH: "oauth",
      MCP_OAUTH_SECRET: ` ${SECRET} , ${OLD_SECRET} `,
      MCP_PUBLIC_URL: "https://mcp.example.com/",
      MCP_OAUTH_ACCESS_TOKEN_TTL: "7200",
    });
    expect(settings.auth).toEqual({
      kind: "oauth",
      secrets: [SECRET, OLD_SECRET],
      publicUrl: "https://mcp.example.com",
      accessTokenTtlSeconds: 7200,
    });
  });

  it("defaults the lifetime to an hour, and the public URL to the address bound when that is loopback", () => {
    expect(http({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET }).auth).toEqual({
      kind: "oauth",
      secrets: [SECRET],
      publicUrl: undefined,
      accessTokenTtlSeconds: 3600,
    });
  });

  it("needs MCP_PUBLIC_URL on a non-loopback bind and in the Web handler, which cannot know its address", () => {
    expect(
      configErrorOf(() => http({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET }, ["--host", "0.0.0.0"])),
    ).toMatch(/needs MCP_PUBLIC_URL/);
    expect(configErrorOf(() => web({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET }))).toMatch(
      /needs MCP_PUBLIC_URL/,
    );
    expect(
      web({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET, MCP_PUBLIC_URL: "https://mcp.example.com" }).auth,
    ).toMatchObject({ kind: "oauth", publicUrl: "https://mcp.example.com" });
  });

  it.each([
    ["missing", undefined, /needs MCP_OAUTH_SECRET, at least 32/],
    ["short", "too-short-secret", /MCP_OAUTH_SECRET must be at least 32 printable characters/],
    ["with a space", `${"a".repeat(20)} ${"b".repeat(20)}`, /without spaces/],
    ["short second entry", `${SECRET},short`, /MCP_OAUTH_SECRET entry 2 of 2 must be at least 32/],
    ["listed twice", `${SECRET},${SECRET}`, /the same secret twice/],
  ])("refuses a %s MCP_OAUTH_SECRET, saying how to generate one, without echoing it", (_case, secret, message) => {
    const text = configErrorOf(() => http({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: secret }));
    expect(text).toMatch(message);
    if (secret) for (const part of secret.split(",")) expect(text).not.toContain(part);
  });

  it.each([
    ["http on a public host", "http://mcp.example.com", /must be https/],
    ["a path", "https://mcp.example.com/mcp", /origin only/],
    ["credentials", "https://user:pass@mcp.example.com", /origin only/],
    ["not a URL", "mcp.example.com", /absolute URL/],
  ])("refuses MCP_PUBLIC_URL with %s", (_case, url, message) => {
    expect(
      configErrorOf(() => http({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET, MCP_PUBLIC_URL: url })),
    ).toMatch(message);
  });

  it("allows plain http for a loopback public URL (local testing)", () => {
    expect(
      http({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET, MCP_PUBLIC_URL: "http://localhost:8787" }).auth,
    ).toMatchObject({ publicUrl: "http://localhost:8787" });
  });

  it.each(["59", "86401", "1h", "-5"])("refuses MCP_OAUTH_ACCESS_TOKEN_TTL=%s", (ttl) => {
    expect(
      configErrorOf(() => http({ MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET, MCP_OAUTH_ACCESS_TOKEN_TTL: ttl })),
    ).toMatch(/from 60 to 86400/);
  });

  it("refuses a server key, a static token or the sandbox next to it: v0 is called with each person's key", () => {
    const base = { MCP_HTTP_AUTH: "oauth", MCP_OAUTH_SECRET: SECRET };
    expect(configErrorOf(() => http({ ...base, V0_API_KEY: "v0_server_key_0123456789" }))).toMatch(/unset V0_API_KEY/);
    expect(configErrorOf(() => http({ ...base, MCP_HTTP_TOKEN: "t".repeat(32) }))).toMatch(/MCP_HTTP_TOKEN/);
    expect(configErrorOf(() => http(base, ["--sandbox"]))).toMatch(/one shared in-memory account/);
  });

  it("names oauth among the modes when MCP_HTTP_AUTH is unknown", () => {
    expect(configErrorOf(() => http({ MCP_HTTP_AUTH: "oauth2" }))).toMatch(/must be token, v0-key or oauth/);
  });
});
