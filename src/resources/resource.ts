import type { Tool } from "../tools/tool.js";

/**
 * How long a client may reuse a resource's contents (2026-07-28 `ttlMs`), and whether any client
 * may (`public`) or only the one that read it (`private`). It must tell the truth about the data.
 */
export interface CacheHint {
  ttlMs: number;
  cacheScope: "public" | "private";
}

/** A resource with a fixed URI and contents that depend only on this server's version. */
export interface StaticResource {
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType: string;
  cacheHint: CacheHint;
  text(): string;
}

/**
 * A resource template read by a tool that only reads, so that a resource read goes through the
 * same v0 client and error boundary as that tool's calls, and is offered whenever the tool is.
 */
export interface ToolResourceTemplate {
  /** An RFC 6570 template; its variables become the tool's arguments. */
  uriTemplate: string;
  name: string;
  title: string;
  description: string;
  mimeType: string;
  cacheHint: CacheHint;
  tool: Tool;
  arguments(variables: Readonly<Record<string, string>>): Record<string, unknown>;
}
