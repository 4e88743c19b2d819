import { isLoopbackHost, privateReason } from "../policy/destination.js";
import { type ClientLookup, parseClientMetadata } from "./client-metadata.js";
import { readCapped } from "./http.js";

export const CLIENT_DOCUMENT_TIMEOUT_MS = 5000;
export const MAX_CLIENT_DOCUMENT_BYTES = 64 * 1024;
const MAX_CLIENT_ID_URL_LENGTH = 2048;
const CACHE_MS = 5 * 60 * 1000;
const CACHE_ENTRIES = 100;

export type FetchClientMetadata = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

export interface ClientDocumentFetcher {
  fetch(clientId: string): Promise<ClientLookup>;
}

/** The global fetch, not following redirects: a document must be served at its own URL. */
const defaultFetch: FetchClientMetadata = (url, init) =>
  fetch(url, { redirect: "manual", signal: init.signal, headers: { accept: "application/json" } });

/**
 * Client ID Metadata Documents: a client whose client_id is an https URL is described by the JSON
 * document at that URL, fetched under the destination policy's rules: https only, a DNS name or a
 * public IP literal (privateReason; DNS is not resolved here, as for webhooks), no redirects,
 * CLIENT_DOCUMENT_TIMEOUT_MS, MAX_CLIENT_DOCUMENT_BYTES, JSON whose client_id equals the URL exactly
 * and which names its redirect_uris. A document that passed is kept for five minutes.
 */
export function createClientDocumentFetcher(options: {
  fetch?: FetchClientMetadata | undefined;
  now: () => number;
}): ClientDocumentFetcher {
  const send = options.fetch ?? defaultFetch;
  const cache = new Map<string, { lookup: ClientLookup & { ok: true }; until: number }>();

  return {
    async fetch(clientId) {
      const cached = cache.get(clientId);
      if (cached && cached.until > options.now()) return cached.lookup;
      cache.delete(clientId);

      const problem = clientIdUrlProblem(clientId);
      if (problem) return { ok: false, reason: `client_id ${problem}` };
      const fetched = await fetchDocument(send, clientId);
      if (!fetched.ok) return { ok: false, reason: `client metadata document: ${fetched.reason}` };

      const document = fetched.document;
      if (typeof document !== "object" || document === null || Array.isArray(document)) {
        return { ok: false, reason: "client metadata document is not a JSON object" };
      }
      if ((document as Record<string, unknown>).client_id !== clientId) {
        return { ok: false, reason: "client metadata document's client_id is not its URL" };
      }
      const checked = parseClientMetadata(document);
      if (!checked.ok) return { ok: false, reason: `client metadata document: ${checked.description}` };

      const lookup = {
        ok: true as const,
        client: {
          clientId,
          name: checked.metadata.client_name,
          redirectUris: checked.metadata.redirect_uris,
          kind: "metadata-document" as const,
        },
      };
      if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(clientId, { lookup, until: options.now() + CACHE_MS });
      return lookup;
    },
  };
}

/** Why an https client_id may not be fetched, or undefined. */
export function clientIdUrlProblem(raw: string): string | undefined {
  if (raw.length > MAX_CLIENT_ID_URL_LENGTH) return `is longer than ${MAX_CLIENT_ID_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:") return "must be an https URL";
  if (url.username || url.password) return "must not contain credentials";
  if (raw.includes("#")) return "must not have a fragment";
  // Written as URL parsing writes it: so no dot segments, no upper-case host, no default port.
  if (url.pathname === "/" || url.href !== raw) return "must be a URL with a path, in its normal form";
  const host = url.hostname;
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(host)) return "must have a DNS name or an IP address";
  if (isLoopbackHost(host)) return `is on this machine (${host})`;
  const why = privateReason(host);
  if (why) return `points at a private host: ${why}`;
  return undefined;
}

type Fetched = { ok: true; document: unknown } | { ok: false; reason: string };

async function fetchDocument(send: FetchClientMetadata, url: string): Promise<Fetched> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Fetched>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, reason: `no answer within ${CLIENT_DOCUMENT_TIMEOUT_MS / 1000} s` });
    }, CLIENT_DOCUMENT_TIMEOUT_MS);
  });
  const attempt = async (): Promise<Fetched> => {
    const response = await send(url, { signal: controller.signal });
    if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel();
      return { ok: false, reason: "redirects, and a client metadata document must be served at its client_id" };
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      return { ok: false, reason: `answered HTTP ${response.status}` };
    }
    const text = await readCapped(response, MAX_CLIENT_DOCUMENT_BYTES);
    if (text === undefined) return { ok: false, reason: `is larger than ${MAX_CLIENT_DOCUMENT_BYTES} bytes` };
    try {
      return { ok: true, document: JSON.parse(text) };
    } catch {
      return { ok: false, reason: "is not JSON" };
    }
  };
  try {
    return await Promise.race([attempt(), timeout]);
  } catch (error) {
    return { ok: false, reason: `could not be fetched (${error instanceof Error ? error.name : "error"})` };
  } finally {
    clearTimeout(timer);
  }
}
