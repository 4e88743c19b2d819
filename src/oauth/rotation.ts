import type { RefreshFamily } from "./store.js";

export type Rotation =
  | { ok: true /** the generation of the refresh token to issue */; issue: number; family: RefreshFamily }
  | { ok: false; revoke: boolean; reason: string };

/**
 * Refresh-token rotation (OAuth 2.1 §4.3.1, the security BCP's reuse detection), for a family whose
 * newest generation is L when a token of generation n is presented:
 * - n = L: the normal case. Issue L+1; from now on L is "the previous one".
 * - n = L-1: the previous token, still good until its successor (generation L) is first used,
 *   because clients have been seen refreshing twice at once with the same token. Issue another
 *   token of generation L; the family does not move.
 * - n < L-1: a token whose successor has been used was presented again: someone holds a copy.
 *   Refuse it and revoke the family (every refresh and access token of this login).
 * - n > L: a genuine token (it decrypted) newer than the store knows: another instance with its own
 *   store issued it, or a write was lost. The store is behind, not the client: take it as the
 *   newest, like a family the store does not know. (Revoking here would sign people out whenever
 *   two in-memory instances take turns; with one consistent store it cannot happen.)
 * - a revoked family: refuse.
 * - a family the store does not know (it forgot, or never held it: a restarted in-memory store,
 *   another instance): the token is genuine (it decrypted), so it is taken as the newest, and the
 *   family starts over from it. Reuse detection holds only as long as the store remembers.
 */
export function rotate(family: RefreshFamily | undefined, presented: number): Rotation {
  if (family?.revoked) return { ok: false, revoke: false, reason: "this login was revoked" };
  const newest = Math.max(family?.generation ?? presented, presented);
  if (presented === newest) return { ok: true, issue: newest + 1, family: { generation: newest + 1, revoked: false } };
  if (presented === newest - 1) return { ok: true, issue: newest, family: { generation: newest, revoked: false } };
  return {
    ok: false,
    revoke: true,
    reason: "a refresh token was used again after its successor: the login is revoked",
  };
}
