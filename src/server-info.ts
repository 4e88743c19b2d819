/**
 * What the server says about itself in `initialize`. Kept free of SDK imports: the stdio session
 * answers `initialize` from this without loading the SDK or the tools (see transports/dispatch.ts).
 */
export const SERVER_NAME = "v0-webhooks-mcp";
export const SERVER_TITLE = "v0 Webhooks";

export const INSTRUCTIONS =
  "Tools to create and manage webhooks on the v0 Platform API (v0.app by Vercel). A webhook makes v0 POST event payloads (chat.* and message.* events) to an https URL. Errors come back as results with isError set and say what to do next.";

export const CAPABILITIES = { tools: {} } as const;

/** The SDK's list (`SUPPORTED_PROTOCOL_VERSIONS`), newest first; a test keeps the two equal. */
export const SUPPORTED_PROTOCOL_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05", "2024-10-07"];

export interface InitializeResult {
  protocolVersion: string;
  capabilities: typeof CAPABILITIES;
  serverInfo: { name: string; title: string; version: string };
  instructions: string;
}

/** The answer to `initialize`, exactly as the SDK's Server builds it. */
export function initializeResult(requestedVersion: unknown, version: string): InitializeResult {
  const protocolVersion =
    typeof requestedVersion === "string" && SUPPORTED_PROTOCOL_VERSIONS.includes(requestedVersion)
      ? requestedVersion
      : (SUPPORTED_PROTOCOL_VERSIONS[0] as string);
  return {
    protocolVersion,
    capabilities: CAPABILITIES,
    serverInfo: { name: SERVER_NAME, title: SERVER_TITLE, version },
    instructions: INSTRUCTIONS,
  };
}
