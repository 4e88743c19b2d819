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
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");

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
 * This machine, strictly: the name `localhost`, a dotted 127.0.0.0/8 address, or ::1, as the URL
 * parser writes them (no trailing dot, which could send the name to DNS; no IPv4-mapped forms). It
 * decides where plain http may carry the API key (V0_API_BASE_URL) and which bind addresses get the
 * DNS-rebinding Host check. Webhook destinations refuse far more (`privateReason`).
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (bare === "localhost" || bare === "::1" || bare === "0:0:0:0:0:0:0:1") return true;
  return isIP(bare) === 4 && /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** Why a host is local or private, or undefined when it is a public name or address. */
export function privateReason(host: string): string | undefined {
  if (host === "localhost" || host.endsWith(".localhost")) return `${host} is the local machine`;
  const bare = host.startsWith("[") ? host.slice(1, -1) : host;
  const version = isIP(bare);
  if (version === 4) return ipv4Reason(bare);
  if (version === 6) return ipv6Reason(bare);
  return undefined;
}

function ipv4Reason(ip: string): string | undefined {
  const [a = 0, b = 0] = ip.split(".").map(Number);
  if (a === 127) return `${ip} is a loopback address`;
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return `${ip} is a private address`;
  if (a === 169 && b === 254) return `${ip} is a link-local address (cloud metadata services live here)`;
  if (a === 100 && b >= 64 && b <= 127) return `${ip} is a shared (carrier-grade NAT) address`;
  if (a === 0) return `${ip} is not a routable address`;
  if (a >= 224) return `${ip} is a multicast or reserved address`;
  return undefined;
}

function ipv6Reason(ip: string): string | undefined {
  const groups = expandIpv6(ip);
  if (!groups) return `[${ip}] is not an address this server can check`;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const embedded = (v4Address: string, how: string) => {
    const reason = ipv4Reason(v4Address);
    return reason ? `[${ip}] ${how} ${reason}` : undefined;
  };
  const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0;
  if (zeroPrefix && g4 === 0 && g5 === 0 && g6 === 0 && g7 <= 1) {
    return g7 === 1 ? `[${ip}] is the loopback address` : `[${ip}] is not a routable address`;
  }
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d).
  if (zeroPrefix && ((g4 === 0 && g5 === 0xffff) || (g4 === 0xffff && g5 === 0) || (g4 === 0 && g5 === 0))) {
    return embedded(v4(g6, g7), "embeds") ?? `[${ip}] embeds an IPv4 address`;
  }
  // NAT64 (64:ff9b::/96 and 64:ff9b:1::/48) reaches IPv4 through a gateway.
  if (g0 === 0x64 && g1 === 0xff9b) return embedded(v4(g6, g7), "is NAT64 for") ?? `[${ip}] is a NAT64 address`;
  // 6to4 (2002::/16) carries an IPv4 address in bits 16–47.
  if (g0 === 0x2002) return embedded(v4(g1, g2), "is 6to4 for");
  if ((g0 & 0xfe00) === 0xfc00) return `[${ip}] is a private (unique local) address`;
  if ((g0 & 0xffc0) === 0xfe80) return `[${ip}] is a link-local address`;
  if ((g0 & 0xffc0) === 0xfec0) return `[${ip}] is a site-local address`;
  if ((g0 & 0xff00) === 0xff00) return `[${ip}] is a multicast address`;
  return undefined;
}

/**
 * 4 for a dotted IPv4 address, 6 for an IPv6 address (without brackets), 0 otherwise: what
 * node:net's isIP says, in plain code, so the policy runs on any runtime (Workers, Edge, Deno).
 */
function isIP(host: string): 0 | 4 | 6 {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host.split(".").every((part) => Number(part) <= 255) ? 4 : 0;
  return host.includes(":") && expandIpv6(host) !== undefined ? 6 : 0;
}

/** The eight 16-bit groups of an IPv6 address (as URL parsing writes it), or undefined. */
function expandIpv6(ip: string): number[] | undefined {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split(".").map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...left, ...Array(tail === undefined ? 0 : missing).fill("0"), ...right].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}
