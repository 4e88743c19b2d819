import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT } from "../config/http.js";
import { DEFAULT_TIMEOUT_MS } from "../config/server.js";
import { allTools, readOnlyTools, toolList } from "../tools/index.js";
import { DEFAULT_BASE_URL, KEYS_URL } from "../v0/paths.js";

export function helpText(version: string): string {
  const options: Array<[string, string, string]> = [
    ["--sandbox", "in-memory v0 API: no key, no network", "V0_SANDBOX=1"],
    ["--read-only", "offer only the tools that change nothing", "V0_READ_ONLY=1"],
    ["--http", "serve Streamable HTTP instead of stdio", "MCP_TRANSPORT=http"],
    ["--host HOST", `HTTP listen address (${DEFAULT_HTTP_HOST})`, "MCP_HTTP_HOST"],
    ["--port PORT", `HTTP listen port (${DEFAULT_HTTP_PORT}; 0 picks a free one)`, "MCP_HTTP_PORT"],
    ["-h, --help", "show this help", ""],
    ["-v, --version", "print the version", ""],
  ];
  return `v0-webhooks-mcp ${version} — an MCP server for webhooks on the v0 Platform API

Usage: v0-webhooks-mcp [options]            MCP over stdio (what desktop clients start)
       v0-webhooks-mcp --http [--port N]    MCP over Streamable HTTP at POST /mcp
       v0-webhooks-mcp receive [--port 8788] [--host 127.0.0.1] [--forward URL]
                                            print webhook deliveries as they arrive (and pass them on)

Options (each overrides its environment variable):
${options.map(([flag, what, env]) => `  ${flag.padEnd(16)} ${what.padEnd(44)} ${env}`.trimEnd()).join("\n")}

Tools (read-only mode keeps ${toolList(readOnlyTools())}):
${allTools.map((tool) => `  ${tool.name.padEnd(16)} ${tool.summary}`).join("\n")}

Environment:
  V0_API_KEY                 v0 API key (${KEYS_URL}); put it in the client's "env", never in args
  V0_API_BASE_URL            default ${DEFAULT_BASE_URL}; https (http only for loopback)
  V0_TIMEOUT_MS              budget per call in ms, retries included (default ${DEFAULT_TIMEOUT_MS})
  V0_WEBHOOK_ALLOWED_HOSTS   hosts webhook URLs may use, comma-separated, *.example.com wildcards
  V0_WEBHOOK_ALLOW_HTTP      1 allows plain-http webhook URLs
  V0_WEBHOOK_ALLOW_PRIVATE   1 allows localhost and private/loopback/link-local IP webhook URLs
  MCP_HTTP_AUTH              token (default); v0-key: each HTTP caller sends its own v0 API key;
                             oauth: people sign in with their v0 key (Claude.ai, ChatGPT, any OAuth client)
  MCP_HTTP_TOKEN             with --http (auth token): clients send Authorization: Bearer <token>
  MCP_OAUTH_SECRET           with oauth: 32+ random characters sealing its tokens; "new,old" rotates
  MCP_PUBLIC_URL             with oauth: the https origin clients use (default on loopback: the address bound)
  MCP_OAUTH_ACCESS_TOKEN_TTL with oauth: access-token lifetime in seconds (default 3600, at most 86400)
  MCP_HTTP_ALLOWED_ORIGINS   origins allowed to call over HTTP, comma-separated (default: none)
`;
}
