import { isLoopbackHost, privateReason } from "../policy/destination.js";
import { type ClientLookup, parseClientMetadata } from "./client-metadata.js";
import { readCapped } from "./http.js";

/** How long a visitor of /authorize waits for a document. */
export const CLIENT_DOCUMENT_TIMEOUT_MS = 5000;
/**
 * How long a fetch may run before it is aborted. A visitor is answered after
 * CLIENT_DOCUMENT_TIMEOUT_MS, but the fetch goes on (and keeps its place among
 * MAX_DOCUMENT_FETCHES) until it ends, up to this long: aborting a fetch does not stop its DNS
 * lookup, which holds one of the runtime's few worker threads (in Node, libuv's four, which
 * crypto shares) until the resolver gives up, and a fetch that has not been aborted ends only then.
 */
export const CLIENT_DOCUMENT_ABORT_MS = 30_000;
/** Fetches running at once; and at most one per host. A request beyond that is refused at once. */
export const MAX_DOCUMENT_FETCHES = 2;
export const MAX_CLIENT_DOCUMENT_BYTES = 64 * 1024;
/**
 * All a visitor of /authorize learns about a document that was fetched and not used: what the
 * fetch found (a status, a body that is not JSON, an error, a timeout) would make the server an
 * oracle for whatever answers at a URL it can reach. The log keeps the reason.
 */
export const DOCUMENT_UNUSABLE = "the client's metadata document could not be used";
/** All a visitor learns when the document was not fetched because other fetches are running. */
export const DOCUMENT_BUSY = "the client's metadata document cannot be fetched right now; try again in a moment";
const MAX_CLIENT_ID_URL_LENGTH = 2048;
const CACHE_MS = 5 * 60 * 1000;
/** A document refused for good (see Fetched's `definite`) is not fetched again for this long. */
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
 * kept for five minutes, a definite refusal for a minute; a timeout, a network error, a 408, 425,
 * 429 or 5xx is not kept, so whoever can cause one cannot lock a client out. Requests for a URL
 * being fetched wait for that fetch; any other fetch beyond MAX_DOCUMENT_FETCHES, or to a host
 * being fetched from, is refused at once (DOCUMENT_BUSY): unauthenticated visitors must not be able
 * to start lookups faster than they end. Why a document was not used goes to the log only.
 */
export function createClientDocumentFetcher(options: {
  fetch?: FetchClientMetadata | undefined;
  now: () => number;
}): ClientDocumentFetcher {
  const send = options.fetch ?? defaultFetch;
  const documents: Remembered = new Map();
  const failures: Remembered = new Map();
  const inFlight = new Map<string, Promise<ClientLookup>>();
  /** The host of each fetch still running (one per host, so its size is how many run). */
  const running = new Set<string>();

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
  const busy = (detail: string): ClientLookup => ({
    ok: false,
    reason: DOCUMENT_BUSY,
    detail: `client metadata document not fetched: ${detail}`,
  });

  return {
    async fetch(clientId) {
      const known = recall(documents, clientId) ?? recall(failures, clientId);
      if (known) return known;
      const problem = clientIdUrlProblem(clientId);
      if (problem) return { ok: false, reason: `client_id ${problem}` };

      const shared = inFlight.get(clientId);
      if (shared) return shared;
      const host = new URL(clientId).hostname;
      if (running.has(host)) return busy(`a fetch from ${host} is still running`);
      if (running.size >= MAX_DOCUMENT_FETCHES) return busy(`${running.size} fetches are still running`);

      running.add(host);
      const fetching = startFetch(send, clientId);
      void fetching.ended.then(() => running.delete(host));
      const pending = fetching.answer
        .then((fetched) => {
          const { lookup, definite } = judgeDocument(clientId, fetched);
          if (lookup.ok) remember(documents, clientId, lookup, CACHE_MS);
          else if (definite) remember(failures, clientId, lookup, FAILURE_CACHE_MS);
          return lookup;
        })
        .finally(() => inFlight.delete(clientId));
      inFlight.set(clientId, pending);
      return pending;
    },
  };
}

/**
 * The client described by the fetched document, or DOCUMENT_UNUSABLE with the reason for the log;
 * `definite` when the refusal may be remembered (the document itself was refused, or the host's
 * answer was).
 */
function judgeDocument(clientId: string, fetched: Fetched): { lookup: ClientLookup; definite: boolean } {
  const unusable = (detail: string, definite = true) => ({
    lookup: { ok: false as const, reason: DOCUMENT_UNUSABLE, detail },
    definite,
  });
  if (!fetched.ok) return unusable(`client metadata document: ${fetched.reason}`, fetched.definite);

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
    lookup: {
      ok: true,
      client: {
        clientId,
        name: checked.metadata.client_name,
        redirectUris: checked.metadata.redirect_uris,
        kind: "metadata-document",
      },
    },
    definite: true,
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

/**
 * What a fetch found. A failure is `definite` when the host gave its answer: a 200 that is too
 * large or not JSON, or a 4xx other than 408, 425 and 429. A timeout, a network error, a redirect,
 * a 408, 425, 429 or 5xx may be different on the next try.
 */
type Fetched = { ok: true; document: unknown } | { ok: false; reason: string; definite: boolean };

/** Statuses that say "not now" rather than "no". */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

/**
 * Fetches `url`: `answer` settles within CLIENT_DOCUMENT_TIMEOUT_MS (and never rejects), `ended`
 * when the fetch itself has ended, which may be later: up to CLIENT_DOCUMENT_ABORT_MS, when it is
 * aborted.
 */
function startFetch(send: FetchClientMetadata, url: string): { answer: Promise<Fetched>; ended: Promise<void> } {
  const controller = new AbortController();
  let answered = false;
  const attempt = async (): Promise<Fetched> => {
    const response = await send(url, { signal: controller.signal });
    if (answered) {
      // The visitor was answered already: nothing of this is used.
      await response.body?.cancel();
      return { ok: false, reason: "answered too late", definite: false };
    }
    if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel();
      return {
        ok: false,
        reason: "redirects, and a client metadata document must be served at its client_id",
        definite: false,
      };
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      const definite = response.status >= 400 && response.status < 500 && !TRANSIENT_STATUSES.has(response.status);
      return { ok: false, reason: `answered HTTP ${response.status}`, definite };
    }
    const text = await readCapped(response, MAX_CLIENT_DOCUMENT_BYTES);
    if (text === undefined) {
      return { ok: false, reason: `is larger than ${MAX_CLIENT_DOCUMENT_BYTES} bytes`, definite: true };
    }
    try {
      return { ok: true, document: JSON.parse(text) };
    } catch {
      return { ok: false, reason: "is not JSON", definite: true };
    }
  };
  const fetched = attempt().catch(
    (error): Fetched => ({
      ok: false,
      reason: `could not be fetched (${error instanceof Error ? error.name : "error"})`,
      definite: false,
    }),
  );
  const abort = setTimeout(() => controller.abort(), CLIENT_DOCUMENT_ABORT_MS);
  const ended = fetched.then(() => clearTimeout(abort));

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Fetched>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: `no answer within ${CLIENT_DOCUMENT_TIMEOUT_MS / 1000} s`, definite: false }),
      CLIENT_DOCUMENT_TIMEOUT_MS,
    );
  });
  const answer = Promise.race([fetched, timeout]).finally(() => {
    answered = true;
    clearTimeout(timer);
  });
  return { answer, ended };
}
