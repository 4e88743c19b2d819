import { parseClientMetadata, registrationResponse } from "./client-metadata.js";
import { type Context, clientLabel } from "./context.js";
import { jsonAnswer, MAX_FORM_BYTES, oauthError, readCapped } from "./http.js";

/**
 * `POST /register`: Dynamic Client Registration (RFC 7591) for public clients, without storing
 * anything. The client_id handed back is the registered metadata (redirect URIs and name), sealed:
 * /authorize opens it to learn them. Removing a secret from MCP_OAUTH_SECRET forgets the clients
 * registered under it; they register again.
 */
export async function registerEndpoint(request: Request, context: Context): Promise<Response> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    await request.body?.cancel();
    return oauthError("invalid_client_metadata", "the body must be application/json", 415);
  }
  const text = await readCapped(request, MAX_FORM_BYTES);
  if (text === undefined) return oauthError("invalid_client_metadata", `the body is over ${MAX_FORM_BYTES} bytes`, 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return oauthError("invalid_client_metadata", "the body is not JSON");
  }
  const checked = parseClientMetadata(body);
  if (!checked.ok) {
    context.deps.log.info(`register: refused: ${checked.description}`);
    return oauthError(checked.error, checked.description);
  }
  const client = await context.clients.register(checked.metadata, context.now());
  context.deps.log.info(`register: registered ${clientLabel(client.name)}`);
  return jsonAnswer(registrationResponse(client), 201);
}
