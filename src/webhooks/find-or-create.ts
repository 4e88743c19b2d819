import { V0CancelledError, V0HttpError } from "../v0/errors.js";
import type { CallOptions, CreateHookBody, HooksApi, Webhook } from "../v0/types.js";

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
  let inFlight = flights.get(api);
  if (!inFlight) {
    inFlight = new Map();
    flights.set(api, inFlight);
  }
  const key = identityKey(body);
  let flight = inFlight.get(key);
  const joined = flight !== undefined;
  if (!flight) {
    const controller = new AbortController();
    const created = inFlight;
    flight = {
      controller,
      waiters: 0,
      promise: lookupThenCreate(api, body, controller.signal).finally(() => created.delete(key)),
    };
    inFlight.set(key, flight);
  }
  const result = await join(flight, options.signal);
  // Only the call that started the flight created the webhook; the others found it being created.
  return joined ? { ...result, created: false } : result;
}

interface Flight {
  promise: Promise<FindOrCreateResult>;
  controller: AbortController;
  waiters: number;
}

const flights = new WeakMap<HooksApi, Map<string, Flight>>();

/**
 * Waits for a shared flight. A caller that cancels stops waiting at once; the HTTP requests are
 * aborted only when every caller sharing the flight has cancelled.
 */
function join(flight: Flight, signal: AbortSignal | undefined): Promise<FindOrCreateResult> {
  flight.waiters++;
  if (!signal) return flight.promise;
  return new Promise<FindOrCreateResult>((resolve, reject) => {
    const leave = () => {
      if (--flight.waiters === 0) flight.controller.abort();
    };
    const onAbort = () => {
      leave();
      reject(new V0CancelledError("POST", "/hooks"));
    };
    if (signal.aborted) return onAbort();
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

async function lookupThenCreate(api: HooksApi, body: CreateHookBody, signal: AbortSignal): Promise<FindOrCreateResult> {
  const existing = await findIdentical(api, body, signal);
  if (existing) return { webhook: existing, created: false };
  return { webhook: await api.createHook(body, { signal }), created: true };
}

async function findIdentical(api: HooksApi, body: CreateHookBody, signal: AbortSignal): Promise<Webhook | undefined> {
  const summaries = await api.listHooks({ signal });
  const candidates = summaries.filter((summary) => summary.name === body.name);
  const hooks = await Promise.all(
    candidates.map((candidate) =>
      api.getHook(candidate.id, { signal }).catch((error: unknown) => {
        // Deleted between the list and the get: not a match.
        if (error instanceof V0HttpError && error.status === 404) return undefined;
        throw error;
      }),
    ),
  );
  return hooks.find((hook): hook is Webhook => hook !== undefined && isIdentical(hook, body));
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
    return new URL(url).href;
  } catch {
    return url;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}
