import type { Tool } from "../tools/tool.js";
import { eventCatalogue } from "./event-catalogue.js";
import type { StaticResource, ToolResourceTemplate } from "./resource.js";
import { webhookResource } from "./webhook.js";

/** The registry: every resource and resource template this server offers, in list order. */
export const allResources: readonly StaticResource[] = [eventCatalogue];
export const allResourceTemplates: readonly ToolResourceTemplate[] = [webhookResource];

/** The templates offered: those whose tool is offered (all of them read, so read-only mode keeps them). */
export function selectResourceTemplates(
  offered: readonly Tool[],
  templates: readonly ToolResourceTemplate[] = allResourceTemplates,
): readonly ToolResourceTemplate[] {
  return templates.filter((template) => offered.includes(template.tool));
}
