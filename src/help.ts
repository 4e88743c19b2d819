import { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, KEYS_URL } from "./config.js";

export function helpText(version: string): string {
  return `v0-webhooks-mcp ${version} — an MCP server for webhooks on the v0 Platform API

Usage: v0-webhooks-mcp [options]        (speaks MCP over stdio)

Options:
  --sandbox        serve the tools against an in-memory v0 API: no key, no network
  --read-only      offer only list_webhooks and get_webhook
  -h, --help       show this help
  -v, --version    print the version

Environment:
  V0_API_KEY              v0 API key (${KEYS_URL}); without it tool calls explain how to set it
  V0_API_BASE_URL         default ${DEFAULT_BASE_URL}; https, or http only for loopback hosts
  V0_TIMEOUT_MS           per-request timeout in ms, default ${DEFAULT_TIMEOUT_MS}
  V0_WEBHOOK_ALLOWED_HOSTS  comma-separated hosts webhooks may point at (*.example.com wildcards)
  V0_WEBHOOK_ALLOW_HTTP   1 to allow plain-http webhook URLs (default: https only)
  V0_WEBHOOK_ALLOW_PRIVATE  1 to allow localhost and private/loopback/link-local IP webhook URLs
  V0_READ_ONLY            1 is the same as --read-only
  V0_SANDBOX              1 is the same as --sandbox

Put the key in your MCP client's "env" block, never in "args".
`;
}
