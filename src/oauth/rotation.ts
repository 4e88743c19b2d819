import type { RefreshFamily } from "./store.js";

export type Rotation =
  | { ok: true /** the generation of the refresh token to issue */; issue: number; family: RefreshFamily }
  | { ok: false; revoke: boolean; reason: string };

/** The refresh token presented: its generation in the family, and its own id. */
export interface Presented {
  generation: number;
  jti: string;
}

/**
 * Refresh-token rotation (OAuth 2.1 §4.3.1, the security BCP's reuse detection), for a family whose
 * newest generation is L when a token of generation n is presented:
 * - n = L: the normal case. Issue L+1, and remember which token was used (`rotatedFrom`).
 * - n = L-1 and it is the very token whose use issued L: the client refreshing twice at once (seen
 *   in the wild), or retrying a refresh whose answer it lost. Issue another token of generation L;
 *   the family does not move. It stays possible until a token of generation L is used.
 * - n = L-1 but another token of that generation: a copy made by an earlier retry and kept by
 *   someone other than the client that moved on. Refuse and revoke the family.
 * - n < L-1: a token whose successor has been used was presented again: someone holds a copy.
 *   Refuse and revoke the family (every refresh and access token of this login).
 * - n > L: a genuine token (it decrypted) newer than the store knows: another instance with its own
 *   store issued it, or a write was lost. The store is behind, not the client: take it as the
 *   newest, like a family the store does not know. (Revoking here would sign people out whenever
 *   two in-memory instances take turns; with one consistent store it cannot happen.)
 * - a revoked family: refuse.
 * - a family the store does not know (it forgot, or never held it: a restarted in-memory store,
 *   another instance): the token is genuine, so it is taken as the newest, and the family starts
 *   over from it. Reuse detection holds only as long as the store remembers.
 */
export function rotate(family: RefreshFamily | undefined, presented: Presented): Rotation {
  if (family?.revoked) return { ok: false, revoke: false, reason: "this login was revoked" };
  const newest = Math.max(family?.generation ?? presented.generation, presented.generation);
  if (presented.generation === newest) {
    return {
      ok: true,
      issue: newest + 1,
      family: { generation: newest + 1, revoked: false, rotatedFrom: presented.jti },
    };
  }
  if (presented.generation === newest - 1 && family?.rotatedFrom === presented.jti) {
    return { ok: true, issue: newest, family };
  }
  return {
    ok: false,
    revoke: true,
    reason: "a refresh token was used again after its successor: the login is revoked",
  };
}
