import { describe, expect, it } from "vitest";
import { createAuthorizationServer, MemoryOAuthStore } from "../../../src/oauth/index.js";
import { ISSUER, oauthFixture, RESOURCE, SECRET_A } from "../../helpers/oauth-fixture.js";

const get = (path: string, init?: RequestInit) => new Request(`${ISSUER}${path}`, init);

describe("OAuth discovery metadata", () => {
  it("serves Protected Resource Metadata (RFC 9728) at the path-aware URL and the root form", async () => {
    const { send } = oauthFixture();
    for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
      const response = await send(get(path));
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(await response.json()).toEqual({
        resource: RESOURCE,
        authorization_servers: [ISSUER],
        bearer_methods_supported: ["header"],
        resource_name: expect.any(String),
      });
    }
  });

  it("serves Authorization Server Metadata (RFC 8414) as the MCP authorization spec asks", async () => {
    const { send } = oauthFixture();
    const response = await send(get("/.well-known/oauth-authorization-server"));
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      registration_endpoint: `${ISSUER}/register`,
      revocation_endpoint: `${ISSUER}/revoke`,
      response_types_supported: ["code"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      code_challenge_methods_supported: ["S256"],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
    });
    expect(metadata.token_endpoint_auth_methods_supported).toContain("none");
    expect(metadata).not.toHaveProperty("scopes_supported");
  });

  it("answers a CORS preflight and refuses other methods on the metadata", async () => {
    const { send } = oauthFixture();
    const preflight = await send(get("/.well-known/oauth-authorization-server", { method: "OPTIONS" }));
    expect(preflight.status).toBe(204);
    const post = await send(get("/.well-known/oauth-protected-resource/mcp", { method: "POST" }));
    expect(post.status).toBe(405);
  });

  it("leaves every other path to the caller (undefined), including openid-configuration and /mcp", async () => {
    const { server } = oauthFixture();
    for (const path of ["/mcp", "/healthz", "/.well-known/openid-configuration", "/authorize/x", "/"]) {
      expect(await server.handle(get(path))).toBeUndefined();
    }
  });

  it("builds the 401 challenge with resource_metadata, and an error only when a token was sent", () => {
    const { server } = oauthFixture();
    const url = `${ISSUER}/.well-known/oauth-protected-resource/mcp`;
    expect(server.resourceMetadataUrl).toBe(url);
    expect(server.challenge()).toBe(`Bearer resource_metadata="${url}"`);
    expect(server.challenge("invalid_token")).toBe(`Bearer resource_metadata="${url}", error="invalid_token"`);
  });

  it("refuses to start with a short secret, an issuer that is not an origin, or plain http off loopback", () => {
    expect(() => oauthFixture({ secrets: ["too-short"] })).toThrow(/32 characters/);
    expect(() => oauthFixture({ secrets: [] })).toThrow(/32 characters/);
    const deps = { store: new MemoryOAuthStore(), checkV0Key: async () => ({ ok: true }) as const, log: console };
    const settings = { issuer: `${ISSUER}/`, resource: RESOURCE, secrets: [SECRET_A], accessTokenTtlSeconds: 3600 };
    expect(() => createAuthorizationServer(settings, deps)).toThrow(/origin/);
    const plain = { ...settings, issuer: "http://mcp.example.com", resource: "http://mcp.example.com/mcp" };
    expect(() => createAuthorizationServer(plain, deps)).toThrow(/HTTPS/);
    const loopback = { ...settings, issuer: "http://[::1]:8787", resource: "http://[::1]:8787/mcp" };
    expect(() => createAuthorizationServer(loopback, deps)).not.toThrow();
  });
});
