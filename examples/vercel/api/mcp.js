import { createFetchHandler } from "v0-webhooks-mcp/fetch";

export const config = { runtime: "edge" };

/** Built once per isolate from the project's environment variables. */
const handle = createFetchHandler(process.env);

export default function handler(request) {
  return handle(request);
}
