import { V0CancelledError, V0HttpError } from "./errors.js";
import type { CallOptions, CreateHookBody, HooksApi, Webhook } from "./types.js";
import { uriHref } from "./uri.js";

export interface FindOrCreateResult {
  webhook: Webhook;
  /** False when an identical webhook already existed and was returned instead. */
  created: boolean;
}

/**
 * A create that is safe to retry. A second identical webhook doubles every delivery, and an agent
 * retrying after a lost answer is the common case, so:
 * - before POSTing, look for a webhook with the same name, url, set of events and chatId
 *   (one list, then one get per same-name candidate) and return it if there is one;
 * - identical creates in flight at the same time share one lookup and one POST (the first caller
 *   gets `created: true`, the ones that joined it `created: false`).
 */
export async function findOrCreateWebhook(
  api: HooksApi,
  body: CreateHookBody,
  options: CallOptions = {},
): Promise<FindOrCreateResult> {
  if (options.signal?.aborted) throw new V0CancelledError("POST", "/hooks");
  let byKey = flights.get(api);
  if (!byKey) {
    byKey = new Map();
    flights.set(api, byKey);
  }
  const key = identityKey(body);
  let flight = byKey.get(key);
  // A flight every caller has abandoned is being torn down: do not join it.
  if (flight?.controller.signal.aborted) flight = undefined;
  if (!flight) flight = startFlight(api, body, byKey, key, options.deadline);
  const result = await join(flight, options.signal);
  // One call is told it created the webhook: the first still waiting when the flight lands
  // (normally the one that started it, unless that one was cancelled). The others found it.
  if (!result.created || flight.claimed) return { ...result, created: false };
  flight.claimed = true;
  return result;
}

interface Flight {
  promise: Promise<FindOrCreateResult>;
  controller: AbortController;
  waiters: number;
  /** Whether a caller has been told `created: true`. */
  claimed: boolean;
  /** Removes the flight from the map, if it is still the one there. */
  forget: () => void;
}

const flights = new WeakMap<HooksApi, Map<string, Flight>>();

function startFlight(
  api: HooksApi,
  body: CreateHookBody,
  byKey: Map<string, Flight>,
  key: string,
  deadline: number | undefined,
): Flight {
  const controller = new AbortController();
  const flight: Flight = {
    controller,
    waiters: 0,
    claimed: false,
    promise: lookupThenCreate(api, body, { signal: controller.signal, deadline }),
    forget: () => {
      if (byKey.get(key) === flight) byKey.delete(key);
    },
  };
  flight.promise.then(flight.forget, flight.forget);
  byKey.set(key, flight);
  return flight;
}

/**
 * Waits for a shared flight. A caller that cancels stops waiting at once; the HTTP requests are
 * aborted only when every caller sharing the flight has cancelled.
 */
function join(flight: Flight, signal: AbortSignal | undefined): Promise<FindOrCreateResult> {
  flight.waiters++;
  if (!signal) return flight.promise;
  return new Promise<FindOrCreateResult>((resolve, reject) => {
    const onAbort = () => {
      if (--flight.waiters === 0) {
        flight.controller.abort();
        flight.forget();
      }
      reject(new V0CancelledError("POST", "/hooks"));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    flight.promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

async function lookupThenCreate(
  api: HooksApi,
  body: CreateHookBody,
  options: CallOptions,
): Promise<FindOrCreateResult> {
  const existing = await findIdentical(api, body, options);
  if (existing) return { webhook: existing, created: false };
  return { webhook: await api.createHook(body, options), created: true };
}

/** Same-name candidates are fetched this many at a time. */
const CANDIDATE_CONCURRENCY = 4;

async function findIdentical(api: HooksApi, body: CreateHookBody, options: CallOptions): Promise<Webhook | undefined> {
  const summaries = await api.listHooks(options);
  const candidates = summaries.filter((summary) => summary.name === body.name);
  for (let i = 0; i < candidates.length; i += CANDIDATE_CONCURRENCY) {
    const hooks = await Promise.all(
      candidates.slice(i, i + CANDIDATE_CONCURRENCY).map((candidate) =>
        api.getHook(candidate.id, options).catch((error: unknown) => {
          // Deleted between the list and the get: not a match.
          if (error instanceof V0HttpError && error.status === 404) return undefined;
          throw error;
        }),
      ),
    );
    const match = hooks.find((hook): hook is Webhook => hook !== undefined && isIdentical(hook, body));
    if (match) return match;
  }
  return undefined;
}

/** Same name, same url, same set of events, same chat. */
export function isIdentical(hook: Webhook, body: CreateHookBody): boolean {
  return (
    hook.name === body.name &&
    normalizeUrl(hook.url) === normalizeUrl(body.url) &&
    (hook.chatId ?? null) === body.chatId &&
    sameSet(hook.events, body.events)
  );
}

function identityKey(body: CreateHookBody): string {
  return JSON.stringify([body.name, normalizeUrl(body.url), body.chatId, [...new Set(body.events)].sort()]);
}

function normalizeUrl(url: string): string {
  try {
    return uriHref(new URL(url)) ?? url;
  } catch {
    return url;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}
