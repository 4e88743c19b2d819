import { isLoopbackHost, privateReason } from "../policy/destination.js";
import { type ClientLookup, parseClientMetadata } from "./client-metadata.js";
import { readCapped } from "./http.js";

export const CLIENT_DOCUMENT_TIMEOUT_MS = 5000;
export const MAX_CLIENT_DOCUMENT_BYTES = 64 * 1024;
/**
 * All a visitor of /authorize learns about a document that was fetched and not used: what the
 * fetch found (a status, a body that is not JSON, an error, a timeout) would make the server an
 * oracle for whatever answers at a URL it can reach. The log keeps the reason.
 */
export const DOCUMENT_UNUSABLE = "the client's metadata document could not be used";
const MAX_CLIENT_ID_URL_LENGTH = 2048;
const CACHE_MS = 5 * 60 * 1000;
/** A document that could not be used is not fetched again for this long. */
const FAILURE_CACHE_MS = 60 * 1000;
const CACHE_ENTRIES = 100;

export type FetchClientMetadata = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

export interface ClientDocumentFetcher {
  fetch(clientId: string): Promise<ClientLookup>;
}

/** The global fetch, not following redirects: a document must be served at its own URL. */
const defaultFetch: FetchClientMetadata = (url, init) =>
  fetch(url, { redirect: "manual", signal: init.signal, headers: { accept: "application/json" } });

type Remembered = Map<string, { lookup: ClientLookup; until: number }>;

/**
 * Client ID Metadata Documents: a client whose client_id is an https URL is described by the JSON
 * document at that URL, fetched under the destination policy's rules: https only, a public DNS
 * name (with a dot) or a public IP literal (privateReason; DNS is not resolved here, as for
 * webhooks), no redirects, CLIENT_DOCUMENT_TIMEOUT_MS, MAX_CLIENT_DOCUMENT_BYTES, JSON whose
 * client_id equals the URL exactly and which names its redirect_uris. A document that passed is
 * kept for five minutes, one that did not for a minute; requests for a URL being fetched wait for
 * that fetch. Why a fetched document was not used goes to the log only (DOCUMENT_UNUSABLE).
 */
export function createClientDocumentFetcher(options: {
  fetch?: FetchClientMetadata | undefined;
  now: () => number;
}): ClientDocumentFetcher {
  const send = options.fetch ?? defaultFetch;
  const documents: Remembered = new Map();
  const failures: Remembered = new Map();
  const inFlight = new Map<string, Promise<ClientLookup>>();

  const recall = (cache: Remembered, clientId: string) => {
    const entry = cache.get(clientId);
    if (entry && entry.until > options.now()) return entry.lookup;
    cache.delete(clientId);
    return undefined;
  };
  const remember = (cache: Remembered, clientId: string, lookup: ClientLookup, ms: number) => {
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(clientId, { lookup, until: options.now() + ms });
  };

  return {
    async fetch(clientId) {
      const known = recall(documents, clientId) ?? recall(failures, clientId);
      if (known) return known;
      const problem = clientIdUrlProblem(clientId);
      if (problem) return { ok: false, reason: `client_id ${problem}` };

      let pending = inFlight.get(clientId);
      if (!pending) {
        pending = loadDocument(send, clientId)
          .then((lookup) => {
            if (lookup.ok) remember(documents, clientId, lookup, CACHE_MS);
            else remember(failures, clientId, lookup, FAILURE_CACHE_MS);
            return lookup;
          })
          .finally(() => inFlight.delete(clientId));
        inFlight.set(clientId, pending);
      }
      return pending;
    },
  };
}

/** The client described by the document at `clientId`, or DOCUMENT_UNUSABLE with the reason for the log. */
async function loadDocument(send: FetchClientMetadata, clientId: string): Promise<ClientLookup> {
  const unusable = (detail: string): ClientLookup => ({ ok: false, reason: DOCUMENT_UNUSABLE, detail });
  const fetched = await fetchDocument(send, clientId);
  if (!fetched.ok) return unusable(`client metadata document: ${fetched.reason}`);

  const document = fetched.document;
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    return unusable("client metadata document is not a JSON object");
  }
  if ((document as Record<string, unknown>).client_id !== clientId) {
    return unusable("client metadata document's client_id is not its URL");
  }
  const checked = parseClientMetadata(document);
  if (!checked.ok) return unusable(`client metadata document: ${checked.description}`);
  return {
    ok: true,
    client: {
      clientId,
      name: checked.metadata.client_name,
      redirectUris: checked.metadata.redirect_uris,
      kind: "metadata-document",
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
  // A single-label name (`intranet`, `metadata`) is never public: only a search domain resolves it.
  if (!host.includes(".") && !host.startsWith("[")) return `must have a public host name, and ${host} has no dot`;
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
