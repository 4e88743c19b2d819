import ipaddr from "ipaddr.js";
import { InputError } from "./input-error.js";

/** The destination policy's settings (V0_WEBHOOK_ALLOW_HTTP, V0_WEBHOOK_ALLOWED_HOSTS, V0_WEBHOOK_ALLOW_PRIVATE). */
export interface DestinationConfig {
  allowHttpWebhooks: boolean;
  /** When set, webhook URLs must point at one of these hosts (`*.x` wildcards). */
  allowedWebhookHosts: readonly string[] | undefined;
  allowPrivateWebhooks: boolean;
}

/**
 * Where a webhook may send chat content. A webhook streams every matching chat event to its URL,
 * and a prompt injection can ask an agent to point one anywhere, so create and update check the
 * destination before anything is sent. Throws an InputError that says why and which variable
 * changes it.
 */
export function assertAllowedDestination(rawUrl: string, config: DestinationConfig): void {
  const url = new URL(rawUrl);
  // The url field refuses these hosts already (uriHref); checked again here, before anything else,
  // because every rule below reads the host and no setting may let another parser see another one.
  const problem = hostProblem(url.hostname);
  if (problem) throw new InputError(`url: ${problem}. No setting allows this.`);
  const host = url.hostname.toLowerCase().replace(/\.$/, "");

  if (url.username || url.password) {
    throw new InputError(
      "url: must not contain credentials (user:password@): v0 would store them and send them with every delivery. No setting allows this.",
    );
  }
  if (url.protocol === "http:" && !config.allowHttpWebhooks) {
    throw new InputError(
      "url: must use https:// (chat content would travel in clear). Plain http is allowed only when the server is started with V0_WEBHOOK_ALLOW_HTTP=1.",
    );
  }
  if (!config.allowPrivateWebhooks) {
    const why = privateReason(host);
    if (why) {
      throw new InputError(
        `url: ${why}, which v0's servers cannot deliver to and which could be used to reach internal services. Allowed only when the server is started with V0_WEBHOOK_ALLOW_PRIVATE=1.`,
      );
    }
  }
  if (config.allowedWebhookHosts && !config.allowedWebhookHosts.some((pattern) => hostMatches(host, pattern))) {
    throw new InputError(
      `url: host ${JSON.stringify(host)} is not in V0_WEBHOOK_ALLOWED_HOSTS (${config.allowedWebhookHosts.join(", ")}). Ask the user to use an allowed host, or to add this one to V0_WEBHOOK_ALLOWED_HOSTS in the server's configuration.`,
    );
  }
}

const HOST_PATTERN = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$|^[0-9.]+$/;

/** A host name, IP literal, or `*.example.com` wildcard, lower case, as `hostMatches` takes it. */
export function isHostPattern(pattern: string): boolean {
  return HOST_PATTERN.test(pattern);
}

/**
 * `*.example.com` matches any subdomain of example.com (not example.com itself, and never
 * `example.com.evil.test` or `badexample.com`); any other pattern matches exactly.
 */
export function hostMatches(host: string, pattern: string): boolean {
  if (pattern.startsWith("*.")) {
    const suffix = pattern.slice(1); // ".example.com"
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return host === pattern;
}

/**
 * The one rule for a webhook's host, as WHATWG URL parsing writes it (IDNA applied, so `bücher`
 * is `xn--bcher-kva`; lower case; `%3B` already decoded to `;`): a DNS name of letters a–z,
 * digits, hyphens and non-empty dot-separated labels (one trailing dot allowed), a dotted IPv4
 * address, or a bracketed IPv6 address. WHATWG lets `! $ & ' ( ) * + , ; = _ ~ " \` { }` through;
 * other URL parsers (Node's url.parse, some HTTP clients) stop the host at some of them and reach
 * another one, so `https://127.0.0.1;.example.com/` would pass a check of the whole name and land
 * on 127.0.0.1. Returns why the host breaks the rule, or undefined. uriHref (the url field) and
 * assertAllowedDestination both apply it; no setting relaxes it.
 */
export function hostProblem(hostname: string): string | undefined {
  const host = hostname.toLowerCase();
  const because =
    "which is not allowed in a host name: use a plain DNS name (letters, digits, hyphens, dots) or an IP address";
  if (host.startsWith("[")) {
    const inside = host.endsWith("]") ? host.slice(1, -1) : "";
    return /^[0-9a-f:.]+$/.test(inside) && ipaddr.IPv6.isValid(inside)
      ? undefined
      : `the host ${JSON.stringify(hostname)} is not a valid IPv6 address, ${because}`;
  }
  const bad = [...host].find((char) => !/[a-z0-9.-]/.test(char));
  if (bad !== undefined) return `the host ${JSON.stringify(hostname)} contains ${JSON.stringify(bad)}, ${because}`;
  const labels = (host.endsWith(".") ? host.slice(0, -1) : host).split(".");
  if (labels.includes("")) return `the host ${JSON.stringify(hostname)} has an empty label, ${because}`;
  return undefined;
}

/**
 * This machine, strictly: the name `localhost`, a dotted 127.0.0.0/8 address, or ::1, as the URL
 * parser writes them (no trailing dot, which could send the name to DNS; no IPv4-mapped forms). It
 * decides where plain http may carry the API key (V0_API_BASE_URL) and which bind addresses get the
 * DNS-rebinding Host check. Webhook destinations refuse far more (`privateReason`).
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (bare === "localhost" || bare === "::1" || bare === "0:0:0:0:0:0:0:1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) && bare.split(".").every((part) => Number(part) <= 255);
}

/**
 * Why a host is local, private or otherwise not a public unicast address, or undefined when it is
 * a public name or address. IP classes come from ipaddr.js: an address passes only when its range
 * is "unicast", and an IPv6 address that carries an IPv4 one is judged by that IPv4 address too.
 */
export function privateReason(host: string): string | undefined {
  if (host === "localhost" || host.endsWith(".localhost")) return `${host} is the local machine`;
  const bare = host.startsWith("[") ? host.slice(1, -1) : host;
  if (ipaddr.IPv4.isValid(bare)) {
    const words = ipv4Words(ipaddr.IPv4.parse(bare));
    return words && `${bare} is ${words}`;
  }
  if (bare.includes(":") && ipaddr.IPv6.isValid(bare)) return ipv6Reason(ipaddr.IPv6.parse(bare), `[${bare}]`);
  if (bare.includes(":") || host.startsWith("[")) return `${host} is not an address this server can check`;
  return undefined;
}

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/** ipaddr.js range names, in words; "unicast" (a public address) is the only one allowed. */
const IPV4_RANGES: Record<string, string> = {
  unspecified: "not a routable address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (cloud metadata services live here)",
  loopback: "a loopback address",
  carrierGradeNat: "a shared (carrier-grade NAT) address",
  private: "a private address",
  reserved: "a reserved address",
  as112: "an AS112 address (a sink for stray reverse DNS lookups)",
  amt: "an AMT relay address (multicast tunnelling)",
};

const IPV6_RANGES: Record<string, string> = {
  unspecified: "not a routable address",
  linkLocal: "a link-local address",
  multicast: "a multicast address",
  loopback: "the loopback address",
  uniqueLocal: "a private (unique local) address",
  deprecatedSiteLocal: "a site-local address",
  discard: "a discard-only address",
  benchmarking: "a reserved address (benchmarking)",
  amt: "an AMT relay address (multicast tunnelling)",
  as112v6: "an AS112 address (a sink for stray reverse DNS lookups)",
  deprecatedOrchid: "a cryptographic identifier (ORCHID), not a host address",
  orchid2: "a cryptographic identifier (ORCHID), not a host address",
  droneRemoteIdProtocolEntityTags: "a drone remote ID tag, not a host address",
  segmentRouting: "a segment routing (SRv6) identifier, not a host address",
  reserved: "a reserved address",
};

/** What the blocks ipaddr.js calls "reserved" are for. */
const RESERVED_PURPOSES: ReadonlyArray<readonly [IPv4 | IPv6, number, string]> = (
  [
    ["192.0.0.0/24", "IETF protocol assignments"],
    ["192.0.2.0/24", "documentation"],
    ["198.51.100.0/24", "documentation"],
    ["203.0.113.0/24", "documentation"],
    ["192.88.99.0/24", "retired 6to4 relays"],
    ["198.18.0.0/15", "benchmarking"],
    ["240.0.0.0/4", "future use"],
    ["2001::/23", "IETF protocol assignments"],
    ["2001:db8::/32", "documentation"],
    ["3fff::/20", "documentation"],
  ] as const
).map(([cidr, purpose]) => [...ipaddr.parseCIDR(cidr), purpose] as const);

function rangeWords(ip: IPv4 | IPv6, range: string, words: Record<string, string>): string {
  const known = Object.hasOwn(words, range) ? words[range] : undefined;
  if (range !== "reserved") return known ?? `a special-purpose address (${range})`;
  const purpose = RESERVED_PURPOSES.find(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))?.[2];
  return purpose ? `${known} (${purpose})` : `${known}`;
}

/** The IPv4 address's class in words, or undefined when it is public unicast. */
function ipv4Words(ip: IPv4): string | undefined {
  const range = ip.range();
  return range === "unicast" ? undefined : rangeWords(ip, range, IPV4_RANGES);
}

function ipv4At(hi: number, lo: number): IPv4 {
  return new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
}

function ipv6Reason(ip: IPv6, shown: string): string | undefined {
  const range = ip.range();
  const p = ip.parts as [number, number, number, number, number, number, number, number];
  const carries = (kind: string, v4: IPv4) => {
    const words = ipv4Words(v4);
    return `${shown} is ${kind} address for ${v4}${words ? `, ${words}` : ` (write ${v4} itself)`}`;
  };
  switch (range) {
    case "ipv4Mapped":
      return carries("an IPv4-mapped", ipv4At(p[6], p[7]));
    case "rfc6145":
      return carries("an IPv4-translated", ipv4At(p[6], p[7]));
    case "rfc6052":
      // 64:ff9b::/96 carries the IPv4 address in its last 32 bits; where the local-use prefix
      // 64:ff9b:1::/48 puts it depends on the translator its network runs, so it is refused whole.
      return p[2] === 0
        ? carries("a NAT64", ipv4At(p[6], p[7]))
        : `${shown} is a local-use NAT64 address (64:ff9b:1::/48), which reaches IPv4 through some private network's translator`;
    case "6to4":
      return carries("a 6to4", ipv4At(p[1], p[2]));
    case "teredo":
      // A Teredo address tunnels, through public relays, to the IPv4 host in its last 32 bits
      // (inverted), which can be any address at all; Teredo is no longer operated, so no real
      // webhook lives behind one and nothing is lost by refusing it whatever it carries.
      return `${shown} is a Teredo tunnel address (to the IPv4 host ${ipv4At(~p[6] & 0xffff, ~p[7] & 0xffff)}), which can reach any IPv4 address`;
    case "unicast":
      // IPv4-compatible ::a.b.c.d (deprecated; ipaddr.js calls it unicast).
      return p.slice(0, 6).every((part) => part === 0) ? carries("an IPv4-compatible", ipv4At(p[6], p[7])) : undefined;
    default:
      return `${shown} is ${rangeWords(ip, range, IPV6_RANGES)}`;
  }
}
