import { describeCharacter, firstUnsafeCharacter } from "../text/inert.js";
import { MAX_REDIRECT_URI_LENGTH, redirectUriProblem } from "./redirect-uris.js";

/**
 * What else a name a person reads to decide may not hold, beyond the rule for all shown text
 * (text/inert.ts): private-use and unassigned code points and noncharacters (each can render as
 * nothing or as a look-alike), U+FFFC and the blank braille pattern U+2800, and more than two
 * combining marks in a row (a stack that covers the text around it).
 */
const NAME_ONLY_UNSAFE = /[\p{Co}\p{Cn}\uFFFC\u2800]|\p{M}{3,}/u;

export const MAX_REDIRECT_URIS = 10;
export const MAX_CLIENT_NAME_LENGTH = 100;

/** A client as the authorization server knows it. Nothing about it is verified but its redirect URIs. */
export interface Client {
  clientId: string;
  /** What the client calls itself: shown as unverified, never trusted. */
  name: string | undefined;
  redirectUris: readonly string[];
  /** Registered here (RFC 7591), or described by the document at its https client_id (CIMD). */
  kind: "registered" | "metadata-document";
  /** Seconds since the epoch, for a registered client. */
  issuedAt?: number;
}

/** The metadata kept from a registration or a metadata document. */
export interface ClientMetadata {
  redirect_uris: string[];
  client_name?: string;
}

export type MetadataCheck =
  | { ok: true; metadata: ClientMetadata }
  | { ok: false; error: "invalid_redirect_uri" | "invalid_client_metadata"; description: string };

/**
 * Reads client metadata (RFC 7591 §2) for a public client. Only what this server uses is kept:
 * the redirect URIs (each checked by redirect-uris.ts) and the name. Every client is registered as
 * public (`token_endpoint_auth_method: "none"`, PKCE instead of a secret): a request for another
 * method is answered with "none", which RFC 7591 §3.2.1 allows and clients read back.
 */
export function parseClientMetadata(input: unknown): MetadataCheck {
  const bad = (description: string): MetadataCheck => ({ ok: false, error: "invalid_client_metadata", description });
  if (typeof input !== "object" || input === null || Array.isArray(input)) return bad("the body must be a JSON object");
  const fields = input as Record<string, unknown>;

  const uris = fields.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0) {
    return { ok: false, error: "invalid_redirect_uri", description: "redirect_uris must be a non-empty array" };
  }
  if (uris.length > MAX_REDIRECT_URIS) {
    return { ok: false, error: "invalid_redirect_uri", description: `at most ${MAX_REDIRECT_URIS} redirect_uris` };
  }
  for (const [index, uri] of uris.entries()) {
    const problem =
      typeof uri === "string" ? redirectUriProblem(uri) : `is not a string of up to ${MAX_REDIRECT_URI_LENGTH}`;
    if (problem) return { ok: false, error: "invalid_redirect_uri", description: `redirect_uris[${index}] ${problem}` };
  }

  const name = fields.client_name;
  if (name !== undefined && typeof name !== "string") return bad("client_name must be a string");
  // Controls and runs of spaces of any kind become one space; NFC, so what is compared and shown is one form.
  const cleanName =
    typeof name === "string"
      ? name
          .normalize("NFC")
          .replace(/[\u0000-\u001f\u007f\p{Zs}]+/gu, " ")
          .trim()
      : "";
  if (cleanName.length > MAX_CLIENT_NAME_LENGTH) return bad(`client_name is longer than ${MAX_CLIENT_NAME_LENGTH}`);
  // The name is shown on the consent page and logged: nothing in it may reorder or hide text there
  // ("Claude\u202e" rendering another name, zero-width or tag characters), the same rule as webhooks'.
  const unsafe = firstUnsafeCharacter(cleanName);
  if (unsafe !== undefined) {
    const position = [...cleanName].indexOf(unsafe) + 1;
    return bad(
      `client_name contains ${describeCharacter(unsafe)} at position ${position} (bidi, invisible and other format characters are refused)`,
    );
  }
  const hidden = NAME_ONLY_UNSAFE.exec(cleanName)?.[0];
  if (hidden !== undefined) {
    return bad(
      `client_name contains ${describeCharacter([...hidden][0] ?? hidden)} (private-use, unassigned, blank-looking characters and stacks of combining marks are refused: a person reads this name to decide)`,
    );
  }

  const grants = fields.grant_types;
  if (grants !== undefined && !(Array.isArray(grants) && grants.includes("authorization_code"))) {
    return bad('grant_types must include "authorization_code" (the only way to get a token here)');
  }
  const responses = fields.response_types;
  if (responses !== undefined && !(Array.isArray(responses) && responses.includes("code"))) {
    return bad('response_types must include "code"');
  }
  return {
    ok: true,
    metadata: { redirect_uris: [...new Set(uris as string[])], ...(cleanName ? { client_name: cleanName } : {}) },
  };
}

/** The registration response (RFC 7591 §3.2.1): the client id and what was registered. */
export function registrationResponse(client: Client): Record<string, unknown> {
  return {
    client_id: client.clientId,
    client_id_issued_at: client.issuedAt,
    ...(client.name === undefined ? {} : { client_name: client.name }),
    redirect_uris: client.redirectUris,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  };
}

/**
 * A client, or why not: `reason` may be shown to whoever asked (it says nothing they did not send),
 * `detail` is for the log only.
 */
export type ClientLookup = { ok: true; client: Client } | { ok: false; reason: string; detail?: string };
