import { createFetchHandler } from "v0-webhooks-mcp/fetch";

/** Built on the first request, then reused by every request this isolate serves. */
let handle;

export default {
  /** `env` holds the Worker's variables and secrets: MCP_HTTP_TOKEN, V0_API_KEY and the rest. */
  fetch(request, env) {
    handle ??= createFetchHandler(env);
    return handle(request);
  },
};
