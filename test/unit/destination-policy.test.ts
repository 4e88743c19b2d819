import { describe, expect, it } from "vitest";
import { hostProblem, isLoopbackHost, privateReason } from "../../src/policy/destination.js";
import { uriHref } from "../../src/v0/uri.js";

/** The host as WHATWG URL parsing writes it, which is what both the url field and the policy see. */
const hostOf = (url: string) => new URL(url).hostname;

/** Every character WHATWG URL parsing lets into a domain host besides letters, digits, `-` and `.`. */
const LET_THROUGH = [..."!\"$&'()*+,;=_`{}~"];

describe("the host rule: a DNS name (a-z, 0-9, -, .), a dotted IPv4 address or a bracketed IPv6 address", () => {
  it("lets WHATWG through exactly the characters it refuses", () => {
    const through = [];
    for (let code = 0x21; code < 0x7f; code++) {
      const char = String.fromCharCode(code);
      if (/[a-z0-9.-]/i.test(char)) continue;
      try {
        if (hostOf(`https://a${char}b.example/`) === `a${char}b.example`) through.push(char);
      } catch {}
    }
    expect(through.sort()).toEqual([...LET_THROUGH].sort());
  });

  it.each(LET_THROUGH)("refuses a host containing %s, naming it", (char) => {
    const host = hostOf(`https://attacker.example${char}.my.app/c`);
    expect(hostProblem(host)).toBe(
      `the host ${JSON.stringify(host)} contains ${JSON.stringify(char)}, which is not allowed in a host name: use a plain DNS name (letters, digits, hyphens, dots) or an IP address`,
    );
  });

  it.each([
    ["https://a%27b.my.app/", "'"],
    ["https://a%3Bb.my.app/", ";"],
    ["https://a%3bb.my.app/", ";"],
    ["https://a%2Cb.my.app/", ","],
    ["https://a%5Fb.my.app/", "_"],
    ["https://a%7Eb.my.app/", "~"],
    ["https://127.0.0.1%3B.example.com/", ";"],
  ])("refuses %s, whose percent-encoding WHATWG decodes into the host, naming %s", (url, char) => {
    expect(hostProblem(hostOf(url))).toContain(`contains ${JSON.stringify(char)},`);
  });

  it.each([
    "https://a..my.app/",
    "https://.my.app/",
    "https://localhost../",
    "https://127.0.0.1../",
    "https://a%2e%2emy.app/",
  ])("refuses %s, which has an empty label", (url) => {
    expect(hostProblem(hostOf(url))).toMatch(/^the host ".*" has an empty label, which is not allowed in a host name/);
  });

  it.each([
    ["https://my.app/hooks", "my.app"],
    ["https://My-App.Example./x", "my-app.example."],
    ["https://bücher.example/", "xn--bcher-kva.example"],
    ["https://a%2emy%2eapp/", "a.my.app"],
    ["https://93.184.215.14/", "93.184.215.14"],
    ["https://0x7f000001/", "127.0.0.1"],
    ["https://[2606:4700::1111]/", "[2606:4700::1111]"],
    ["https://[::ffff:127.0.0.1]/", "[::ffff:7f00:1]"],
  ])("accepts %s (host %s): private addresses are the address rule's business", (url, host) => {
    expect(hostOf(url)).toBe(host);
    expect(hostProblem(host)).toBeUndefined();
  });

  it("is the rule uriHref applies: the url field has no form to send for a refused host", () => {
    for (const char of LET_THROUGH) {
      expect(uriHref(new URL(`https://attacker.example${char}.my.app/c`)), char).toBeUndefined();
    }
    expect(uriHref(new URL("https://a..my.app/"))).toBeUndefined();
    expect(uriHref(new URL("https://bücher.example/"))).toBe("https://xn--bcher-kva.example/");
  });
});

describe("privateReason: only public unicast addresses (as ipaddr.js classifies them) pass", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1 is a loopback address"],
    ["10.0.0.1", "10.0.0.1 is a private address"],
    ["169.254.169.254", "169.254.169.254 is a link-local address (cloud metadata services live here)"],
    ["100.64.0.1", "100.64.0.1 is a shared (carrier-grade NAT) address"],
    ["0.0.0.0", "0.0.0.0 is not a routable address"],
    ["224.0.0.1", "224.0.0.1 is a multicast address"],
    ["255.255.255.255", "255.255.255.255 is the broadcast address"],
    ["198.18.0.1", "198.18.0.1 is a reserved address (benchmarking)"],
    ["198.19.255.254", "198.19.255.254 is a reserved address (benchmarking)"],
    ["192.0.0.8", "192.0.0.8 is a reserved address (IETF protocol assignments)"],
    ["192.0.2.1", "192.0.2.1 is a reserved address (documentation)"],
    ["198.51.100.1", "198.51.100.1 is a reserved address (documentation)"],
    ["203.0.113.1", "203.0.113.1 is a reserved address (documentation)"],
    ["240.0.0.1", "240.0.0.1 is a reserved address (future use)"],
    ["192.88.99.1", "192.88.99.1 is a reserved address (retired 6to4 relays)"],
    ["localhost", "localhost is the local machine"],
    ["[::1]", "[::1] is the loopback address"],
    ["[::]", "[::] is not a routable address"],
    ["[fd00::1]", "[fd00::1] is a private (unique local) address"],
    ["[fe80::1]", "[fe80::1] is a link-local address"],
    ["[fec0::1]", "[fec0::1] is a site-local address"],
    ["[ff02::1]", "[ff02::1] is a multicast address"],
    ["[100::1]", "[100::1] is a discard-only address"],
    ["[2001:db8::1]", "[2001:db8::1] is a reserved address (documentation)"],
    ["[3fff::1]", "[3fff::1] is a reserved address (documentation)"],
    ["[2001:2::1]", "[2001:2::1] is a reserved address (benchmarking)"],
    ["[2001:100::1]", "[2001:100::1] is a reserved address (IETF protocol assignments)"],
    ["[5f00::1]", "[5f00::1] is a segment routing (SRv6) identifier, not a host address"],
  ])("%s: %s", (host, reason) => {
    expect(privateReason(host)).toBe(reason);
  });

  it.each([
    ["[::ffff:7f00:1]", "[::ffff:7f00:1] is an IPv4-mapped address for 127.0.0.1, a loopback address"],
    ["[::ffff:0:a9fe:a9fe]", "[::ffff:0:a9fe:a9fe] is an IPv4-translated address for 169.254.169.254, a link-local"],
    ["[::7f00:1]", "[::7f00:1] is an IPv4-compatible address for 127.0.0.1, a loopback address"],
    ["[64:ff9b::a9fe:a9fe]", "[64:ff9b::a9fe:a9fe] is a NAT64 address for 169.254.169.254, a link-local"],
    ["[64:ff9b::c612:1]", "[64:ff9b::c612:1] is a NAT64 address for 198.18.0.1, a reserved address (benchmarking)"],
    ["[2002:7f00:1::]", "[2002:7f00:1::] is a 6to4 address for 127.0.0.1, a loopback address"],
    ["[2002:a00:1::1]", "[2002:a00:1::1] is a 6to4 address for 10.0.0.1, a private address"],
    ["[64:ff9b:1::a00:1]", "[64:ff9b:1::a00:1] is a local-use NAT64 address (64:ff9b:1::/48)"],
    // Teredo: 2001:0:<server>:<flags>:<port>:<client>, port and client inverted; this one tunnels to 127.0.0.1.
    ["[2001:0:4136:e378:8000:63bf:80ff:fffe]", "is a Teredo tunnel address (to the IPv4 host 127.0.0.1)"],
    ["[2001:0:4136:e378:8000:63bf:a2f7:f7f1]", "is a Teredo tunnel address (to the IPv4 host 93.8.8.14)"],
  ])("%s, which carries an IPv4 address: %s", (host, reason) => {
    expect(privateReason(host)).toContain(reason);
  });

  it.each([
    ["[::ffff:808:808]", "[::ffff:808:808] is an IPv4-mapped address for 8.8.8.8 (write 8.8.8.8 itself)"],
    ["[64:ff9b::808:808]", "[64:ff9b::808:808] is a NAT64 address for 8.8.8.8 (write 8.8.8.8 itself)"],
    ["[2002:808:808::1]", "[2002:808:808::1] is a 6to4 address for 8.8.8.8 (write 8.8.8.8 itself)"],
  ])("%s, which carries a public IPv4 address, is still not a unicast IPv6 address: %s", (host, reason) => {
    expect(privateReason(host)).toBe(reason);
  });

  it.each([
    "93.184.215.14",
    "8.8.8.8",
    "172.15.255.255",
    "172.32.0.1",
    "192.169.0.1",
    "198.17.255.255",
    "198.20.0.1",
    "223.255.255.254",
    "[2606:4700::1111]",
    "[2a00:1450:4001:82b::200e]",
    "my.app",
    "xn--bcher-kva.example",
    "localhost.example",
  ])("%s is public", (host) => {
    expect(privateReason(host)).toBeUndefined();
  });
});

describe("isLoopbackHost: this machine, strictly (V0_API_BASE_URL over http, the DNS-rebinding check)", () => {
  it.each(["localhost", "LOCALHOST", "127.0.0.1", "127.255.0.9", "::1", "[::1]", "0:0:0:0:0:0:0:1"])(
    "%s is loopback",
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each([
    "localhost.",
    "127.0.0.1.",
    "127.1",
    "127.0.0.256",
    "::ffff:127.0.0.1",
    "[::ffff:7f00:1]",
    "10.0.0.1",
    "a.localhost",
  ])("%s is not", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
