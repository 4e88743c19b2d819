import { describe, expect, it } from "vitest";
import { assertAllowedDestination, type DestinationConfig, hostMatches } from "../../src/policy/destination.js";
import { InputError } from "../../src/policy/input-error.js";
import { json, webhook } from "../helpers/fake-v0.js";
import { resultText } from "../helpers/in-process.js";
import { useToolHarness } from "../helpers/tool-harness.js";

const open: DestinationConfig = {
  allowHttpWebhooks: false,
  allowedWebhookHosts: undefined,
  allowPrivateWebhooks: false,
};

function refusal(url: string, config: DestinationConfig = open): string {
  try {
    assertAllowedDestination(url, config);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  return "";
}

describe("the destination policy", () => {
  it("allows public https URLs by default", () => {
    for (const url of [
      "https://my.app/hooks",
      "https://8.8.8.8/x",
      "https://[2606:4700::1111]/x",
      "https://a.b.c.d.e/",
    ]) {
      expect(refusal(url), url).toBe("");
    }
  });

  it("refuses credentials in the URL, whatever the settings", () => {
    const all: DestinationConfig = {
      allowHttpWebhooks: true,
      allowedWebhookHosts: undefined,
      allowPrivateWebhooks: true,
    };
    expect(refusal("https://user:pw@my.app/hooks", all)).toMatch(/credentials.*No setting allows this/);
    expect(refusal("https://token@my.app/hooks", all)).toMatch(/credentials/);
  });

  it("refuses plain http unless V0_WEBHOOK_ALLOW_HTTP", () => {
    expect(refusal("http://my.app/hooks")).toMatch(/https.*V0_WEBHOOK_ALLOW_HTTP=1/);
    expect(refusal("http://my.app/hooks", { ...open, allowHttpWebhooks: true })).toBe("");
  });

  it.each([
    ["https://localhost/x", /local machine/],
    ["https://api.localhost/x", /local machine/],
    ["https://127.0.0.1/x", /loopback/],
    ["https://127.1/x", /loopback/],
    ["https://0x7f000001/x", /loopback/],
    ["https://2130706433/x", /loopback/],
    ["https://10.1.2.3/x", /private/],
    ["https://172.16.0.1/x", /private/],
    ["https://172.31.255.255/x", /private/],
    ["https://192.168.1.1/x", /private/],
    ["https://169.254.169.254/latest/meta-data", /link-local.*metadata/],
    ["https://100.64.0.1/x", /carrier-grade NAT/],
    ["https://0.0.0.0/x", /not a routable/],
    ["https://[::1]/x", /loopback/],
    ["https://[::]/x", /not a routable/],
    ["https://[fd00::1]/x", /unique local/],
    ["https://[fe80::1]/x", /link-local/],
    ["https://[::ffff:127.0.0.1]/x", /embeds .*loopback/],
    ["https://[::ffff:169.254.169.254]/x", /embeds .*link-local/],
    ["https://[::ffff:0:127.0.0.1]/x", /embeds .*loopback/],
    ["https://[::127.0.0.1]/x", /embeds .*loopback/],
    ["https://[::10.0.0.1]/x", /embeds .*private/],
    ["https://[64:ff9b::10.0.0.1]/x", /NAT64 for .*private/],
    ["https://[64:ff9b::169.254.169.254]/x", /NAT64 for .*link-local/],
    ["https://[2002:a9fe:a9fe::]/x", /6to4 for .*link-local/],
    ["https://[2002:7f00:1::1]/x", /6to4 for .*loopback/],
    ["https://[fec0::1]/x", /site-local/],
    ["https://[ff02::1]/x", /multicast/],
    ["https://localhost../x", /local machine/],
    ["https://127.0.0.1../x", /loopback/],
    ["https://localhost./x", /local machine/],
  ])("refuses %s unless V0_WEBHOOK_ALLOW_PRIVATE", (url, why) => {
    const message = refusal(url);
    expect(message).toMatch(why);
    expect(message).toMatch(/V0_WEBHOOK_ALLOW_PRIVATE=1/);
    expect(refusal(url, { ...open, allowPrivateWebhooks: true })).toBe("");
  });

  it("does not mistake public addresses near private ranges for private ones", () => {
    for (const url of ["https://172.15.0.1/", "https://172.32.0.1/", "https://192.169.0.1/", "https://11.0.0.1/"]) {
      expect(refusal(url), url).toBe("");
    }
  });

  it("restricts hosts to V0_WEBHOOK_ALLOWED_HOSTS when it is set", () => {
    const config = { ...open, allowedWebhookHosts: ["hooks.example.com", "*.my.app"] };
    expect(refusal("https://hooks.example.com/x", config)).toBe("");
    expect(refusal("https://HOOKS.example.com./x", config)).toBe("");
    expect(refusal("https://a.my.app/x", config)).toBe("");
    expect(refusal("https://a.b.my.app/x", config)).toBe("");
    for (const url of [
      "https://my.app/x",
      "https://example.com/x",
      "https://evil.test/x",
      "https://hooks.example.com.evil.test/x",
      "https://a.my.app.evil.test/x",
      "https://notmy.app/x",
      "https://xhooks.example.com/x",
    ]) {
      expect(refusal(url, config), url).toMatch(/not in V0_WEBHOOK_ALLOWED_HOSTS \(hooks\.example\.com, \*\.my\.app\)/);
    }
  });

  it("matches wildcards on label boundaries only", () => {
    expect(hostMatches("a.example.com", "*.example.com")).toBe(true);
    expect(hostMatches("example.com", "*.example.com")).toBe(false);
    expect(hostMatches("badexample.com", "*.example.com")).toBe(false);
    expect(hostMatches("example.com.evil.test", "*.example.com")).toBe(false);
    expect(hostMatches("example.com", "example.com")).toBe(true);
  });
});

describe("create_webhook and update_webhook apply the policy before sending anything", () => {
  const h = useToolHarness({ allowedWebhookHosts: ["*.my.app"] });

  it("sends v0 the URL as the policy parsed it, so no other parser can see another host", async () => {
    h.fake().expect("PATCH", "/v2/hooks/hook_1", json(200, webhook({ url: "https://a.my.app/@evil.test/" })));
    const result = await h.mcp().call("update_webhook", { webhookId: "hook_1", url: "https://a.my.app\\@evil.test/" });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(h.fake().requests[0]?.body ?? "").url).toBe("https://a.my.app/@evil.test/");
  });

  it.each([
    ["create_webhook", { name: "x", events: ["chat.created"], url: "https://evil.test/steal" }],
    ["update_webhook", { webhookId: "hook_1", url: "https://evil.test/steal" }],
    ["create_webhook", { name: "x", events: ["chat.created"], url: "https://169.254.169.254/" }],
    ["update_webhook", { webhookId: "hook_1", url: "https://user:pw@a.my.app/" }],
  ])("%s %j", async (tool, args) => {
    const result = await h.mcp().call(tool, args);
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/nothing was sent to v0/);
    expect(resultText(result)).toMatch(/V0_WEBHOOK_ALLOWED_HOSTS|V0_WEBHOOK_ALLOW_PRIVATE|credentials/);
    expect(h.fake().requests).toHaveLength(0);
  });
});
