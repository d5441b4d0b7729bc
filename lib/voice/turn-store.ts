// Where the pipeline's results go. Call routes act for an anonymous caller who holds a call
// token, so they use the service role; the token has already bound them to one conversation.

import {
  addCosts,
  type CallKey,
  reserveSeqs,
  type TurnRow,
  upsertTurn,
} from "@/lib/db/queries/calls";
import { withServiceRole } from "@/lib/db/scoped";

export interface TurnStore {
  reserve(n: number): Promise<number>;
  save(turn: TurnRow): Promise<void>;
  addCosts(cost: { stt: number; llm: number; tts: number; total: number }): Promise<void>;
}

export function turnStore(owner: string, key: CallKey): TurnStore {
  const why = "call-token holder's turn";
  return {
    reserve: (n) => withServiceRole(why, (trx) => reserveSeqs(trx, key, n)),
    save: (turn) => withServiceRole(why, (trx) => upsertTurn(trx, owner, key, turn)),
    addCosts: (cost) => withServiceRole(why, (trx) => addCosts(trx, key, cost)),
  };
}

export const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "23505";
