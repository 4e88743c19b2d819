import type { ClientDocumentFetcher } from "./client-document.js";
import { type Client, type ClientLookup, type ClientMetadata, parseClientMetadata } from "./client-metadata.js";
import type { Sealer } from "./sealed.js";

/** Where clients come from: a sealed registration, or the document at an https client_id. */
export interface ClientRegistry {
  /** Registers a public client without storing anything: its id is its metadata, sealed. */
  register(metadata: ClientMetadata, now: number): Promise<Client>;
  /** The client behind a client_id: a sealed registration, or an https metadata-document URL. */
  resolve(clientId: string): Promise<ClientLookup>;
}

export function createClientRegistry(sealer: Sealer, documents: ClientDocumentFetcher): ClientRegistry {
  return {
    async register(metadata, now) {
      const clientId = await sealer.seal("client", { ...metadata }, {});
      return {
        clientId,
        name: metadata.client_name,
        redirectUris: metadata.redirect_uris,
        kind: "registered",
        issuedAt: Math.floor(now / 1000),
      };
    },

    async resolve(clientId) {
      // A URL (a sealed id never holds a colon) names a metadata document; the fetcher refuses non-https.
      if (/^[a-z][a-z0-9+.-]*:/i.test(clientId)) return documents.fetch(clientId);
      const opened = await sealer.open<Partial<ClientMetadata>>("client", clientId, { requireExpiry: false });
      if (!opened.ok) return { ok: false, reason: `unknown client (${opened.reason}); register again` };
      const checked = parseClientMetadata(opened.claims);
      if (!checked.ok) return { ok: false, reason: "unknown client" };
      return {
        ok: true,
        client: {
          clientId,
          name: checked.metadata.client_name,
          redirectUris: checked.metadata.redirect_uris,
          kind: "registered",
          ...(typeof opened.claims.iat === "number" ? { issuedAt: opened.claims.iat } : {}),
        },
      };
    },
  };
}
