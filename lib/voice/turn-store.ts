// Where the pipeline's results go: two transactions per turn, both off the way to the first
// audio byte. Call routes act for an anonymous caller who holds a call token, so they use the
// service role; the token has already bound them to one conversation.
import {
  addCosts,
  type CallKey,
  reserveSeqs,
  type TurnRow,
  upsertTurn,
} from "@/lib/db/queries/calls";
import { withServiceRole } from "@/lib/db/scoped";

export type Cost = { stt: number; llm: number; tts: number; total: number };

export interface TurnStore {
  /** Reserves the caller's and the agent's turn numbers and stores the caller's turn. */
  saveCaller(turn: Omit<TurnRow, "seq" | "role">): Promise<number>;
  /** Stores the agent's turn and adds the turn's cost to the conversation. */
  saveAgent(turn: TurnRow, cost: Cost): Promise<void>;
}

export function turnStore(owner: string, key: CallKey): TurnStore {
  const why = "call-token holder's turn";
  return {
    saveCaller: (turn) =>
      withServiceRole(why, async (trx) => {
        const seq = await reserveSeqs(trx, key, 2);
        await upsertTurn(trx, owner, key, { ...turn, seq, role: "caller" });
        return seq;
      }),
    saveAgent: (turn, cost) =>
      withServiceRole(why, async (trx) => {
        await upsertTurn(trx, owner, key, turn);
        await addCosts(trx, key, cost);
      }),
  };
}
