import { isIP } from "node:net";
import type { Config } from "../config.js";
import { InputError } from "../errors/input-error.js";

export type DestinationConfig = Pick<Config, "allowHttpWebhooks" | "allowedWebhookHosts" | "allowPrivateWebhooks">;

/**
 * Where a webhook may send chat content. A webhook streams every matching chat event to its URL,
 * and a prompt injection can ask an agent to point one anywhere, so create and update check the
 * destination before anything is sent. Throws an InputError that says why and which variable
 * changes it.
 */
export function assertAllowedDestination(rawUrl: string, config: DestinationConfig): void {
  const url = new URL(rawUrl);
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
  const lower = ip.toLowerCase();
  if (lower === "::1") return `[${ip}] is the loopback address`;
  if (lower === "::") return `[${ip}] is not a routable address`;
  // IPv4-mapped (::ffff:a.b.c.d, which URL parsing writes as ::ffff:xxxx:xxxx).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mapped) {
    const hi = Number.parseInt(mapped[1] ?? "0", 16);
    const lo = Number.parseInt(mapped[2] ?? "0", 16);
    const v4 = `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    const reason = ipv4Reason(v4);
    return reason ? `[${ip}] maps to ${reason}` : undefined;
  }
  if (/^f[cd][0-9a-f]{0,2}:/.test(lower)) return `[${ip}] is a private (unique local) address`;
  if (/^fe[89ab][0-9a-f]?:/.test(lower)) return `[${ip}] is a link-local address`;
  return undefined;
}
