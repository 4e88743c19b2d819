import { V0CancelledError, V0Error, V0HttpError, V0NetworkError, V0TimeoutError } from "./errors.js";
import type { CallOptions, HooksApi, Webhook, WebhookSummary } from "./types.js";

/** At most this many GET /hooks/{id} at once: enough to be quick, few enough to be polite to v0. */
export const READ_CONCURRENCY = 8;

export interface HookReadFailure {
  id: string;
  reason: string;
}

export interface HooksRead {
  /** The hooks read in full, in the list's order. */
  webhooks: Webhook[];
  /** The hooks that could not be read, and why. */
  failed: HookReadFailure[];
}

/**
 * Reads each listed hook in full (GET /hooks/{id}), `READ_CONCURRENCY` at a time, within the
 * call's deadline. A hook deleted since it was listed (404) is left out; any other failure is
 * reported in `failed` without failing the rest. Hooks not started when the deadline has passed
 * are reported as not read. A cancellation ends the whole read.
 */
export async function readHooks(
  api: HooksApi,
  summaries: readonly WebhookSummary[],
  options: CallOptions = {},
): Promise<HooksRead> {
  const read = new Array<Webhook | undefined>(summaries.length);
  const failed = new Map<number, HookReadFailure>();
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < summaries.length; index = next++) {
      const { id } = summaries[index] as WebhookSummary;
      if (options.deadline !== undefined && Date.now() >= options.deadline) {
        failed.set(index, { id, reason: "not read: the call's time budget (V0_TIMEOUT_MS) ran out first" });
        continue;
      }
      try {
        read[index] = await api.getHook(id, options);
      } catch (error) {
        if (error instanceof V0CancelledError) throw error;
        if (error instanceof V0HttpError && error.status === 404) continue;
        failed.set(index, { id, reason: failureReason(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, summaries.length) }, worker));
  return {
    webhooks: read.filter((hook): hook is Webhook => hook !== undefined),
    failed: [...failed].sort(([a], [b]) => a - b).map(([, failure]) => failure),
  };
}

function failureReason(error: unknown): string {
  if (error instanceof V0HttpError) {
    return `v0 answered ${error.status}${error.upstreamMessage ? `: ${error.upstreamMessage}` : ""}`;
  }
  if (error instanceof V0TimeoutError) return "v0 did not answer within the call's time budget (V0_TIMEOUT_MS)";
  if (error instanceof V0NetworkError) return `could not reach v0 (${error.code ?? "connection failed"})`;
  if (error instanceof V0Error) return error.message;
  return "an unexpected error while reading it";
}
