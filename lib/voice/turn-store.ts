// The turn path's one door to the database, three transactions per turn: the call loaded and
// the caller's turn claimed together (before anything is streamed back), the caller's words as
// soon as STT answers, then at the end the agent's turn, both costs on the conversation and the
// claim cleared together (with the caller's words again if their own write failed). A failed
// end releases the claim (and stores the caller's words if it can) so a retry runs again. Each runs as the call-token holder (withCaller): Postgres's policies let it
// touch only that one conversation and its turns, nothing else.
import { type LoadedCall, loadCall, type TurnRow } from "@/lib/db/queries/calls";
import {
  type Claim,
  type ClaimInput,
  claimTurn,
  clearClaim,
  finishTurn,
  isClaimTaken,
  releaseClaim,
  saveCallerWords,
} from "@/lib/db/queries/turn-claims";
import { type Tx, withCaller } from "@/lib/db/scoped";
import { notifyCall } from "@/lib/live/notifier";
import { callKey } from "./call-key";
import type { CallClaims } from "./call-token";

export type { Claim, StoredTurn } from "@/lib/db/queries/turn-claims";

export type CallerWords = Pick<TurnRow, "text" | "sttMs" | "sttSeconds" | "errorCode" | "costUsd">;

export interface TurnStore {
  /** Stores the caller's STT outcome and its cost on the claimed row. */
  saveCaller(seq: number, words: CallerWords): Promise<void>;
  /**
   * One transaction: the caller's words (when given) and the agent's turn with its LLM + TTS
   * cost, and the claim cleared.
   */
  finish(
    words: CallerWords | null,
    turn: TurnRow,
    cost: { llm: number; tts: number },
  ): Promise<void>;
  /**
   * Frees the Idempotency-Key after a failure so that a retry runs again, storing the caller's
   * words in the same transaction when given (they were not stored yet).
   */
  release(callerSeq: number, words: CallerWords | null): Promise<void>;
  /** A turn a person holds: the caller's words stored and the claim cleared, no agent turn. */
  finishHeld(seq: number, words: CallerWords): Promise<void>;
}

export type ClaimInputFor = Omit<ClaimInput, "workspaceId" | "active" | "held" | "history">;

/**
 * The call and the claim of the caller's turn in one transaction; null when the call does not
 * exist. A claim a concurrent request with the same key took first is `running`.
 */
export async function loadAndClaim(
  claims: CallClaims,
  input: ClaimInputFor,
): Promise<{ call: LoadedCall; claim: Claim } | null> {
  const key = callKey(claims);
  let loaded: LoadedCall | null = null;
  try {
    const result = await withCaller(claims, async (trx) => {
      const call = await loadCall(trx, key);
      if (!call) return null;
      loaded = call;
      const claim = await claimTurn(trx, key, {
        ...input,
        workspaceId: call.workspace_id,
        active: call.status === "active",
        held: call.held,
        history: call.turns,
      });
      return { call, claim };
    });
    if (result?.claim.kind === "claimed") notifyCall(key.id);
    return result;
  } catch (error) {
    if (loaded && isClaimTaken(error)) return { call: loaded, claim: { kind: "running" } };
    throw error;
  }
}

/** Each write wakes this instance's live feeds (the monitor shows turns as they land). */
export function turnStore(workspaceId: string, claims: CallClaims): TurnStore {
  const key = callKey(claims);
  const write = async (fn: (trx: Tx) => Promise<void>) => {
    await withCaller(claims, fn);
    notifyCall(key.id);
  };
  return {
    saveCaller: (seq, words) => write((trx) => saveCallerWords(trx, key, seq, words)),
    finish: (words, turn, cost) =>
      write(async (trx) => {
        if (words) await saveCallerWords(trx, key, turn.seq - 1, words);
        await finishTurn(trx, workspaceId, key, turn, cost);
      }),
    release: (seq, words) =>
      write(async (trx) => {
        if (words) await saveCallerWords(trx, key, seq, words);
        await releaseClaim(trx, key, seq);
      }),
    finishHeld: (seq, words) =>
      write(async (trx) => {
        await saveCallerWords(trx, key, seq, words);
        await clearClaim(trx, key, seq);
      }),
  };
}
