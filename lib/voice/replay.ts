// A retried turn (same Idempotency-Key) gets the stored answer again as events, and no second
// turn: the caller's words, the agent's words as one reply piece (text only: audio is not
// stored), and done marked replayed. A retry of the turn that ended the call replays it too.
import type { CallEvent } from "./events";
import type { StoredTurn } from "./turn-store";

const endedCall = (agent: StoredTurn | null) =>
  Array.isArray(agent?.tool_calls) &&
  (agent.tool_calls as { name?: string }[]).some((c) => c.name === "end_call");

export function replayEvents(caller: StoredTurn, agent: StoredTurn | null): CallEvent[] {
  const events: CallEvent[] = [{ type: "turn", callerSeq: caller.seq, agentSeq: caller.seq + 1 }];
  if (caller.text) events.push({ type: "transcript", text: caller.text });
  if (agent?.text) events.push({ type: "agent_text", pieceId: 0, kind: "reply", text: agent.text });
  const cost = Number(caller.cost_usd) + Number(agent?.cost_usd ?? 0);
  events.push({
    type: "done",
    turn: {
      callerSeq: caller.seq,
      agentSeq: agent ? agent.seq : null,
      marks: {
        sttMs: caller.stt_ms ?? 0,
        llmFirstTokenMs: agent?.llm_first_token_ms ?? null,
        llmFirstChunkMs: null,
        ttsFirstByteMs: agent?.tts_first_byte_ms ?? null,
        firstAudioMs: agent?.first_audio_ms ?? null,
        totalMs: agent?.total_ms ?? 0,
      },
      cost: { stt: Number(caller.cost_usd), llm: 0, tts: 0, total: cost },
      audioMs: 0,
      incomplete: agent?.incomplete ?? true,
    },
    endCall: endedCall(agent),
    replayed: true,
  });
  return events;
}

export async function* eventsOf(events: CallEvent[]): AsyncIterable<CallEvent> {
  yield* events;
}
