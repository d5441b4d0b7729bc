// POST /api/voice/turn/interrupt — the caller barged in: mark the agent turn interrupted and
// store what they actually heard before playback stopped
import { NextResponse } from "next/server";
import { z } from "zod";
import { callKey, loadCall, markInterrupted } from "@/lib/db/queries/calls";
import { withServiceRole } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http/route";
import { setConversationId } from "@/lib/observability/context";
import { clientIp, enforceRateLimit } from "@/lib/ratelimit";
import { requireCallToken, signCallToken } from "@/lib/voice/call-token";

const bodySchema = z.strictObject({
  /** The agent turn's number from the turn's "turn" event; the latest agent turn when omitted. */
  seq: z.number().int().min(1).optional(),
  heardText: z.string().max(2000),
});

export const POST = route(async (req) => {
  const claims = await requireCallToken(req);
  setConversationId(claims.sub);
  await enforceRateLimit("voiceTurn", clientIp(req));
  const { seq, heardText } = await readJson(req, bodySchema);
  const key = callKey(claims);
  const marked = await withServiceRole("barge-in from the call-token holder", async (trx) => {
    const call = await loadCall(trx, key);
    if (!call) throw new AppError("unauthorized", "This call no longer exists", 401);
    if (call.status !== "active") throw new AppError("conflict", "This call has ended", 409);
    const target = seq ?? call.turns.findLast((t) => t.role === "agent")?.seq;
    // A reserved number whose turn is still streaming has no row yet; the upsert creates it.
    if (target === undefined || target >= call.turn_count)
      throw new AppError("invalid_input", "seq: no such turn", 400);
    const row = call.turns.find((t) => t.seq === target);
    if (row && row.role !== "agent")
      throw new AppError("invalid_input", "seq: not an agent turn", 400);
    await markInterrupted(trx, call.owner_id, key, target, heardText);
    return target;
  });
  return NextResponse.json(
    { seq: marked, interrupted: true },
    { headers: { "x-call-token": await signCallToken(claims) } },
  );
});
