import {
  type ListResourcesResult,
  type ListResourceTemplatesResult,
  ProtocolError,
  ProtocolErrorCode,
  type ReadResourceResult,
  UriTemplate,
} from "@modelcontextprotocol/server";
import type { StaticResource, ToolResourceTemplate } from "../resources/resource.js";
import { quoted } from "../text/inert.js";
import type { ToolHandlers } from "./tool-calls.js";

/**
 * resources/list, resources/templates/list and resources/read. A template's resource is read by
 * running its tool through the tool boundary (`handlers.read`): the same validation, v0 client,
 * budget, scrubbing and inert output as a tools/call, and its failures in the same words, as a
 * JSON-RPC error (a resource read has no isError result): -32602 for a bad or unknown id, as the
 * 2026-07-28 revision asks of a missing resource, -32603 for anything else.
 * Each result carries its resource's own cache hint (`ttlMs`, `cacheScope`).
 */
export function createResourceHandlers(
  resources: readonly StaticResource[],
  templates: readonly ToolResourceTemplate[],
  handlers: ToolHandlers,
) {
  const parsed = templates.map((template) => ({ template, uri: new UriTemplate(template.uriTemplate) }));
  return {
    list: (): ListResourcesResult => ({
      resources: resources.map(({ uri, name, title, description, mimeType }) => ({
        uri,
        name,
        title,
        description,
        mimeType,
      })),
    }),
    templates: (): ListResourceTemplatesResult => ({
      resourceTemplates: templates.map(({ uriTemplate, name, title, description, mimeType }) => ({
        uriTemplate,
        name,
        title,
        description,
        mimeType,
      })),
    }),
    async read(uri: string, signal: AbortSignal): Promise<ReadResourceResult> {
      const fixed = resources.find((resource) => resource.uri === uri);
      if (fixed) {
        return { contents: [{ uri, mimeType: fixed.mimeType, text: fixed.text() }], ...fixed.cacheHint };
      }
      for (const { template, uri: pattern } of parsed) {
        const variables = pattern.match(uri);
        if (!variables || !handlers.read) continue;
        const values = Object.fromEntries(
          Object.entries(variables).map(([key, value]) => [key, Array.isArray(value) ? value.join(",") : value]),
        );
        const outcome = await handlers.read(template.tool, template.arguments(values), signal);
        if (!outcome.ok) {
          throw new ProtocolError(
            outcome.cause === "failed" ? ProtocolErrorCode.InternalError : ProtocolErrorCode.InvalidParams,
            outcome.text,
            { uri },
          );
        }
        return {
          contents: [{ uri, mimeType: template.mimeType, text: JSON.stringify(outcome.value, null, 2) }],
          ...template.cacheHint,
        };
      }
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown resource ${quoted(uri, 200)}: read ${[...resources.map((r) => r.uri), ...templates.map((t) => t.uriTemplate)].join(" or ")}.`,
        { uri },
      );
    },
  };
}
