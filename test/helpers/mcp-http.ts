/**
 * One MCP request over Streamable HTTP at 2026-07-28, as a client sends it without an SDK: the
 * revision's headers (Mcp-Method, Mcp-Name), the envelope in `_meta`, and a bearer when given.
 */
export const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "raw-http-test", version: "1" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

/** The RequestInit of a 2026-07-28 tools/call of `name` with `args`. */
export function toolCallInit(
  name: string,
  args: unknown,
  bearer: string | undefined,
  init: RequestInit = {},
): RequestInit {
  return {
    method: "POST",
    ...init,
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": "tools/call",
      "mcp-name": name,
      ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
      ...(init.headers as Record<string, string> | undefined),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name, arguments: args, _meta: ENVELOPE },
    }),
  };
}
