// Barge-in: the caller spoke over the agent. The page names the agent turn (seq) and the
// audio piece it was playing, and says how much it played; the turn is marked interrupted
// with what the caller actually heard. Never guessed: without a seq it is refused.
import { z } from "zod";
import { loadCall, markInterrupted } from "@/lib/db/queries/calls";
import { withCaller } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { callKey } from "./call-key";
import type { CallClaims } from "./call-token";

export const interruptSchema = z.strictObject({
  /** The agent turn's number, from the turn's "turn" event (0: the greeting). */
  seq: z.number().int().min(0).max(1_000_000),
  /** The audio piece that was playing, from its "audio" events. */
  pieceId: z.number().int().min(0).max(100_000),
  /** Samples of that piece played before playback stopped. */
  sampleOffset: z.number().int().min(0).max(100_000_000).optional(),
  /** Milliseconds of this turn's agent audio actually played. */
  heardMs: z.number().int().min(0).max(3_600_000).optional(),
  heardText: z.string().max(2000).optional(),
});
export type InterruptInput = z.infer<typeof interruptSchema>;

export async function interruptTurn(claims: CallClaims, input: InterruptInput) {
  const key = callKey(claims);
  return withCaller(claims, async (trx) => {
    const call = await loadCall(trx, key);
    if (!call) throw new AppError("unauthorized", "This call no longer exists", 401);
    if (call.status !== "active") throw new AppError("conflict", "This call has ended", 409);
    // A reserved number whose turn is still streaming has no row yet; the upsert creates it.
    if (input.seq >= call.turn_count) throw new AppError("invalid_input", "seq: no such turn", 400);
    const row = call.turns.find((t) => t.seq === input.seq);
    if (row && row.role !== "agent")
      throw new AppError("invalid_input", "seq: not an agent turn", 400);
    await markInterrupted(trx, call.workspace_id, key, input.seq, {
      text: input.heardText ?? null,
      ms: input.heardMs ?? null,
    });
    logger.info(
      { seq: input.seq, pieceId: input.pieceId, sampleOffset: input.sampleOffset },
      "agent turn interrupted",
    );
    return { seq: input.seq, interrupted: true as const };
  });
}
