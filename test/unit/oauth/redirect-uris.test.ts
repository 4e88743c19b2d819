import { describe, expect, it } from "vitest";
import { describeRedirect, matchRedirectUri, redirectUriProblem } from "../../../src/oauth/redirect-uris.js";

describe("redirect URI rules", () => {
  it.each([
    "https://claude.ai/api/mcp/auth_callback",
    "https://claude.com/api/mcp/auth_callback",
    "https://chatgpt.com/connector/oauth/AbC-123",
    "https://app.example.com/cb?tenant=1",
    "http://127.0.0.1:33418/callback",
    "http://127.0.0.1/callback",
    "http://localhost:6274/oauth/callback",
    "http://[::1]:8080/cb",
    "cursor://anysphere.cursor-mcp/oauth/callback",
    "vscode://vscode.github-authentication/did-authenticate",
    "com.example.app:/oauth2redirect",
  ])("accepts %s", (uri) => {
    expect(redirectUriProblem(uri)).toBeUndefined();
  });

  it.each([
    ["javascript:alert(1)", /javascript/],
    ["JAVASCRIPT:alert(1)", /javascript/],
    ["data:text/html,hi", /data/],
    ["file:///etc/passwd", /file/],
    ["vbscript:x", /vbscript/],
    ["blob:https://a.example/x", /blob/],
    ["about:blank", /about/],
    ["http://claude.ai/cb", /loopback/],
    ["http://10.0.0.1/cb", /loopback/],
    ["http://localhost.evil.example/cb", /loopback/],
    ["https://claude.ai/cb#x", /fragment/],
    ["https://a:b@claude.ai/cb", /credentials/],
    ["https://claude.ai/c b", /whitespace/],
    ["not a uri", /whitespace|absolute/],
    // Browser launchers: the "app on this device" would be a browser at the attacker's page.
    ["microsoft-edge:https://evil.example/steal", /microsoft-edge/],
    ["firefox://open-url?url=https://evil.example/", /firefox/],
    ["x-safari-https://evil.example/steal", /web address/],
    ["googlechromes://evil.example/steal", /googlechromes/],
    ["opera-http://evil.example/", /web address/],
    ["intent://evil.example/#Intent;scheme=https;end", /intent/],
    ["com.example.app:/open?next=https://evil.example/", /web address/],
    ["com.example.app:/open?next=https%253A%252F%252Fevil.example", /web address/],
  ])("refuses %s", (uri, reason) => {
    expect(redirectUriProblem(uri)).toMatch(reason);
  });

  it("matches exactly, except the port of a loopback http URI (RFC 8252 §7.3)", () => {
    const registered = ["http://127.0.0.1:1234/callback", "http://localhost/cb?x=1", "https://claude.ai/cb"];
    expect(matchRedirectUri(registered, "http://127.0.0.1:1234/callback")).toBe(true);
    expect(matchRedirectUri(registered, "http://127.0.0.1:55555/callback")).toBe(true);
    expect(matchRedirectUri(registered, "http://127.0.0.1/callback")).toBe(true);
    expect(matchRedirectUri(registered, "http://localhost:9999/cb?x=1")).toBe(true);
    // Everything else about a loopback URI must match: host, path, query.
    expect(matchRedirectUri(registered, "http://localhost:1234/callback")).toBe(false);
    expect(matchRedirectUri(registered, "http://127.0.0.1:1234/callback/x")).toBe(false);
    expect(matchRedirectUri(registered, "http://localhost:9999/cb?x=2")).toBe(false);
    expect(matchRedirectUri(registered, "http://127.0.0.1:1234/callback#f")).toBe(false);
    // Not loopback: exact only.
    expect(matchRedirectUri(registered, "https://claude.ai:444/cb")).toBe(false);
    expect(matchRedirectUri(registered, "https://claude.ai/cb/")).toBe(false);
    expect(matchRedirectUri(registered, "https://CLAUDE.ai/cb")).toBe(false);
  });

  it("shows a person the whole address of an app redirect, and the host of a web one", () => {
    expect(describeRedirect("https://claude.ai/api/mcp/auth_callback")).toBe("claude.ai");
    expect(describeRedirect("cursor://anysphere.cursor-mcp/oauth/callback")).toBe(
      "cursor://anysphere.cursor-mcp/oauth/callback (an app on this device)",
    );
    expect(describeRedirect("com.example.app:/oauth2redirect")).toBe(
      "com.example.app:/oauth2redirect (an app on this device)",
    );
    expect(describeRedirect("http://127.0.0.1:33418/callback")).toBe(
      "http://127.0.0.1:33418/callback (an app on this computer)",
    );
  });
});
