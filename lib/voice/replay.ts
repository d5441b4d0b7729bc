// A retried turn (same Idempotency-Key) gets the stored answer again, and no second turn.
import type { LoadedCall, TurnHistoryRow } from "@/lib/db/queries/calls";
import { AppError } from "@/lib/errors";
import type { TurnEvent } from "./pipeline";

export function replayTurn(
  call: LoadedCall,
  callerTurn: TurnHistoryRow,
  callToken: string,
): Response {
  const agent = call.turns.find((t) => t.seq === callerTurn.seq + 1);
  if (!agent?.text)
    throw new AppError("conflict", "This turn is still being answered: retry in a moment", 409);
  const events: (TurnEvent | { type: "done"; replayed: true; callToken: string })[] = [
    { type: "turn", callerSeq: callerTurn.seq, agentSeq: agent.seq },
    ...(callerTurn.text ? [{ type: "transcript" as const, text: callerTurn.text }] : []),
    { type: "agent_text", delta: agent.text },
    { type: "done", replayed: true, callToken },
  ];
  return new Response(events.map((e) => `${JSON.stringify(e)}\n`).join(""), {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store",
      "x-call-token": callToken,
    },
  });
}
