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
      "https://93.184.215.14/x",
      "https://[2606:4700::1111]/x",
      "https://a.b.c.d.e/",
      "https://bücher.example/x",
      "https://my-app.example./x",
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
    ["https://[fec0::1]/x", /site-local/],
    ["https://[ff02::1]/x", /multicast/],
    ["https://localhost./x", /local machine/],
    ["https://127%2e0%2e0%2e1/x", /127\.0\.0\.1 is a loopback/],
    // Reserved blocks.
    ["https://198.18.0.1/x", /198\.18\.0\.1 is a reserved address \(benchmarking\)/],
    ["https://198.19.255.254/x", /reserved address \(benchmarking\)/],
    ["https://192.0.0.8/x", /reserved address \(IETF protocol assignments\)/],
    ["https://192.0.2.1/x", /reserved address \(documentation\)/],
    ["https://198.51.100.1/x", /reserved address \(documentation\)/],
    ["https://203.0.113.1/x", /reserved address \(documentation\)/],
    ["https://240.0.0.1/x", /reserved address \(future use\)/],
    ["https://255.255.255.255/x", /broadcast/],
    ["https://[2001:db8::1]/x", /reserved address \(documentation\)/],
    ["https://[2001:2::1]/x", /reserved address \(benchmarking\)/],
    ["https://[100::1]/x", /discard-only/],
    // IPv6 addresses that carry an IPv4 one, judged by it.
    [
      "https://[::ffff:127.0.0.1]/x",
      /\[::ffff:7f00:1\] is an IPv4-mapped address for 127\.0\.0\.1, a loopback address/,
    ],
    ["https://[::ffff:7f00:1]/x", /IPv4-mapped address for 127\.0\.0\.1, a loopback/],
    ["https://[::ffff:169.254.169.254]/x", /IPv4-mapped address for 169\.254\.169\.254, a link-local/],
    ["https://[::ffff:0:127.0.0.1]/x", /IPv4-translated address for 127\.0\.0\.1, a loopback/],
    ["https://[::127.0.0.1]/x", /IPv4-compatible address for 127\.0\.0\.1, a loopback/],
    ["https://[::10.0.0.1]/x", /IPv4-compatible address for 10\.0\.0\.1, a private/],
    ["https://[64:ff9b::10.0.0.1]/x", /NAT64 address for 10\.0\.0\.1, a private/],
    ["https://[64:ff9b::a9fe:a9fe]/x", /NAT64 address for 169\.254\.169\.254, a link-local.*metadata/],
    ["https://[64:ff9b::c612:1]/x", /NAT64 address for 198\.18\.0\.1, a reserved address \(benchmarking\)/],
    ["https://[64:ff9b:1::a00:1]/x", /local-use NAT64/],
    ["https://[2002:a9fe:a9fe::]/x", /6to4 address for 169\.254\.169\.254, a link-local/],
    ["https://[2002:7f00:1::]/x", /6to4 address for 127\.0\.0\.1, a loopback/],
    ["https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/x", /Teredo tunnel address \(to the IPv4 host 127\.0\.0\.1\)/],
    // Carrying a public IPv4 address is not enough: the IPv6 address itself is not unicast.
    ["https://[::ffff:8.8.8.8]/x", /IPv4-mapped address for 8\.8\.8\.8 \(write 8\.8\.8\.8 itself\)/],
    ["https://[64:ff9b::8.8.8.8]/x", /NAT64 address for 8\.8\.8\.8 \(write 8\.8\.8\.8 itself\)/],
    ["https://[2002:808:808::1]/x", /6to4 address for 8\.8\.8\.8 \(write 8\.8\.8\.8 itself\)/],
    ["https://[2001:0:4136:e378:8000:63bf:a2f7:f7f1]/x", /Teredo tunnel address \(to the IPv4 host 93\.8\.8\.14\)/],
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

/** Every character WHATWG URL parsing lets into a domain host besides letters, digits, `-` and `.`. */
const SUB_DELIMS = [..."!\"$&'()*+,;=_`{}~"];

/** Hosts that other URL parsers (Node's url.parse, some HTTP clients) cut short, reaching another host. */
const HOSTILE: ReadonlyArray<readonly [url: string, char: string]> = [
  ...SUB_DELIMS.map((char) => [`https://attacker.example${char}.my.app/c`, char] as const),
  ["https://attacker.example%27.my.app/c", "'"],
  ["https://attacker.example%3B.my.app/c", ";"],
  ["https://attacker.example%3b.my.app/c", ";"],
  ["https://attacker.example%2C.my.app/c", ","],
  ["https://attacker.example%26.my.app/c", "&"],
  ["https://127.0.0.1;.example.com/", ";"],
  ["https://169.254.169.254;.example.com/", ";"],
  ["https://127.0.0.1%3B.my.app/", ";"],
  ["https://169.254.169.254!.my.app/latest/meta-data", "!"],
];

/** Hosts with an empty label (`..`, also spelt `%2e%2e`), which the old policy stripped and judged as the name before. */
const EMPTY_LABEL = [
  "https://a..my.app/c",
  "https://a%2e%2emy.app/c",
  "https://.my.app/c",
  "https://localhost../x",
  "https://127.0.0.1../x",
];

const SETTINGS: ReadonlyArray<readonly [string, DestinationConfig]> = [
  ["no settings", open],
  ["V0_WEBHOOK_ALLOWED_HOSTS=*.my.app,*.example.com", { ...open, allowedWebhookHosts: ["*.my.app", "*.example.com"] }],
  ["V0_WEBHOOK_ALLOW_PRIVATE=1", { ...open, allowPrivateWebhooks: true }],
  [
    "every setting",
    { allowHttpWebhooks: true, allowPrivateWebhooks: true, allowedWebhookHosts: ["*.my.app", "*.example.com"] },
  ],
];

describe("the host rule: a DNS name (letters, digits, hyphens, dots) or an IP address, before any other rule", () => {
  describe.each(SETTINGS)("with %s", (_settings, config) => {
    it.each(HOSTILE)("refuses %s, naming %s", (url, char) => {
      const message = refusal(url, config);
      expect(message).toContain(`contains ${JSON.stringify(char)}, which is not allowed in a host name`);
      expect(message).toMatch(
        /use a plain DNS name \(letters, digits, hyphens, dots\) or an IP address\. No setting allows this\.$/,
      );
    });

    it.each(EMPTY_LABEL)("refuses %s, which has an empty label", (url) => {
      expect(refusal(url, config)).toMatch(
        /has an empty label, which is not allowed in a host name.*No setting allows this/,
      );
    });
  });

  it("judges a percent-encoded dot as the dot it decodes to", () => {
    expect(refusal("https://a%2emy%2eapp/c", { ...open, allowedWebhookHosts: ["*.my.app"] })).toBe("");
    expect(refusal("https://127%2e0%2e0%2e1/c")).toMatch(/127\.0\.0\.1 is a loopback address/);
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
    ["create_webhook", { name: "x", events: ["chat.created"], url: "https://198.18.0.1/" }],
    ["update_webhook", { webhookId: "hook_1", url: "https://[64:ff9b::a9fe:a9fe]/" }],
    ["update_webhook", { webhookId: "hook_1", url: "https://user:pw@a.my.app/" }],
  ])("%s %j", async (tool, args) => {
    const result = await h.mcp().call(tool, args);
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/nothing was sent to v0/);
    expect(resultText(result)).toMatch(/V0_WEBHOOK_ALLOWED_HOSTS|V0_WEBHOOK_ALLOW_PRIVATE|credentials/);
    expect(h.fake().requests).toHaveLength(0);
  });

  it.each(
    HOSTILE.flatMap(([url, char]) => [["create_webhook", url, char] as const, ["update_webhook", url, char] as const]),
  )("%s refuses %s, quoting the host and naming %s, and sends nothing", async (tool, url, char) => {
    const args =
      tool === "create_webhook" ? { name: "x", events: ["chat.created"], url } : { webhookId: "hook_1", url };
    const result = await h.mcp().call(tool, args);
    expect(result.isError).toBe(true);
    const text = resultText(result);
    const host = JSON.stringify(new URL(url).hostname);
    expect(text).toContain(`url: has a host, ${host}, that is not a domain name or IP address`);
    expect(text).toContain(`the host ${host} contains ${JSON.stringify(char)}`);
    expect(text).toMatch(/nothing was sent to v0/);
    expect(h.fake().requests).toHaveLength(0);
  });

  it("sends a percent-encoded dot as the dot the policy checked", async () => {
    h.fake().expect("PATCH", "/v2/hooks/hook_1", json(200, webhook({ url: "https://a.my.app/c" })));
    const result = await h.mcp().call("update_webhook", { webhookId: "hook_1", url: "https://a%2emy%2eapp/c" });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(h.fake().requests[0]?.body ?? "").url).toBe("https://a.my.app/c");
  });
});

describe("without V0_WEBHOOK_ALLOWED_HOSTS, create_webhook refuses hosts that hide a private address", () => {
  const h = useToolHarness();

  it.each([
    "https://127.0.0.1;.example.com/",
    "https://169.254.169.254;.example.com/",
    "https://127.0.0.1%3B.example.com/",
    "https://10.0.0.1&.example.com/",
  ])("%s", async (url) => {
    const result = await h.mcp().call("create_webhook", { name: "x", events: ["chat.created"], url });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(
      /nothing was sent to v0.*url: has a host, ".*", that is not a domain name or IP address/s,
    );
    expect(h.fake().requests).toHaveLength(0);
  });

  it.each([
    ["https://[::ffff:127.0.0.1]/", /IPv4-mapped address for 127\.0\.0\.1, a loopback address/],
    ["https://[::ffff:7f00:1]/", /IPv4-mapped address for 127\.0\.0\.1, a loopback address/],
    ["https://[64:ff9b::a9fe:a9fe]/", /NAT64 address for 169\.254\.169\.254, a link-local address/],
    ["https://[2002:7f00:1::]/", /6to4 address for 127\.0\.0\.1, a loopback address/],
    ["https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", /Teredo tunnel address \(to the IPv4 host 127\.0\.0\.1\)/],
    ["https://203.0.113.9/", /203\.0\.113\.9 is a reserved address \(documentation\)/],
  ])("%s", async (url, why) => {
    const result = await h.mcp().call("create_webhook", { name: "x", events: ["chat.created"], url });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(why);
    expect(resultText(result)).toMatch(/nothing was sent to v0.*V0_WEBHOOK_ALLOW_PRIVATE=1/s);
    expect(h.fake().requests).toHaveLength(0);
  });

  it.each([
    ["https://93.184.215.14/hooks", "https://93.184.215.14/hooks"],
    ["https://[2606:4700::1111]/hooks", "https://[2606:4700::1111]/hooks"],
    ["https://bücher.example/hooks", "https://xn--bcher-kva.example/hooks"],
  ])("accepts %s and sends v0 %s", async (url, sent) => {
    h.fake()
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("POST", "/v2/hooks", json(200, webhook({ url: sent })));
    const result = await h.mcp().call("create_webhook", { name: "x", events: ["chat.created"], url });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(h.fake().requests[1]?.body ?? "").url).toBe(sent);
  });
});

describe("V0_WEBHOOK_ALLOW_PRIVATE=1 allows private addresses, never a host that is not a DNS name", () => {
  const h = useToolHarness({ allowPrivateWebhooks: true });

  it("refuses https://127.0.0.1;.example.com/ and sends nothing", async () => {
    const result = await h
      .mcp()
      .call("create_webhook", { name: "x", events: ["chat.created"], url: "https://127.0.0.1;.example.com/" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/has a host, "127\.0\.0\.1;\.example\.com", that is not a domain name/);
    expect(h.fake().requests).toHaveLength(0);
  });

  it("sends https://127.0.0.1/ as it is", async () => {
    h.fake()
      .expect("GET", "/v2/hooks", json(200, []))
      .expect("POST", "/v2/hooks", json(200, webhook({ url: "https://127.0.0.1/" })));
    const result = await h
      .mcp()
      .call("create_webhook", { name: "x", events: ["chat.created"], url: "https://127.0.0.1/" });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(h.fake().requests[1]?.body ?? "").url).toBe("https://127.0.0.1/");
  });
});
