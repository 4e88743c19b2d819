import type { Context } from "./context.js";
import { jsonAnswer, oauthError, readForm, single } from "./http.js";
import { REFRESH_TTL_SECONDS } from "./tokens.js";

/**
 * `POST /revoke` (RFC 7009): a client signing out. A refresh or access token of this client revokes
 * its whole family (the login): every token from the same consent stops working. Anything else,
 * including a token that does not open, is answered 200 as §2.2 says.
 */
export async function revokeEndpoint(request: Request, context: Context): Promise<Response> {
  const read = await readForm(request);
  if (!read.ok) return oauthError("invalid_request", read.description, read.status);
  const token = single(read.form, "token");
  const clientId = single(read.form, "client_id");
  if (token === undefined || token === "repeated") return oauthError("invalid_request", "token is required");
  const hint = single(read.form, "token_type_hint");
  const order = hint === "access_token" ? (["access", "refresh"] as const) : (["refresh", "access"] as const);
  for (const kind of order) {
    const opened =
      kind === "refresh" ? await context.tokens.openRefresh(token) : await context.tokens.openAccess(token);
    if (!opened.ok) continue;
    if (clientId !== undefined && opened.claims.client_id !== clientId) break;
    const family = await context.deps.store.getFamily(opened.claims.fam);
    const generation = family?.generation ?? 0;
    await context.deps.store.putFamily(opened.claims.fam, { generation, revoked: true }, REFRESH_TTL_SECONDS);
    context.deps.log.info("revoke: a client revoked its tokens");
    break;
  }
  return jsonAnswer({});
}
