// Records a turn of a recorded call: it sees the turn's events as they go out (the agent's
// PCM frames, and at `done` which turns were stored) and, once the turn has settled, stores
// the caller's uploaded WAV and the agent's audio as a WAV, after the response and off the
// turn's path. A failure is logged and never reaches the call. Text turns (typed, or the
// browser's streamed STT) carry no caller audio: only the agent's side is stored for them.
import { type RecordingRow, upsertRecording } from "@/lib/db/queries/recordings";
import { withCaller } from "@/lib/db/scoped";
import { runAfterResponse } from "@/lib/jobs/background";
import { logger } from "@/lib/observability/logger";
import type { CallClaims } from "@/lib/voice/call-token";
import type { CallerInput } from "@/lib/voice/engine/context";
import type { CallEvent } from "@/lib/voice/events";
import { recordingPath, recordingStore, recordingStoreProblem } from "./storage";
import { framesToWav, type PcmFrame } from "./wav";

export interface TurnRecorder {
  /** Called with every event sent to the caller. */
  tap(event: CallEvent): void;
  /** Stores the audio once `finished` settles, in the background. */
  saveAfter(finished: Promise<void>): void;
}

interface Side {
  seq: number;
  role: "caller" | "agent";
  wav: Uint8Array;
  durationMs: number;
}

export function turnRecorder(
  claims: CallClaims,
  input: CallerInput,
  callerSeq: number,
): TurnRecorder {
  const frames: PcmFrame[] = [];
  // The agent's turn follows the caller's; `done` says when it could not be stored. A caller
  // who hung up or barged in gets no `done`, but the turn (interrupted) is still stored.
  let agentSeq: number | null = callerSeq + 1;
  const sides = (): Side[] => {
    const out: Side[] = [];
    if (input.kind === "audio")
      out.push({
        seq: callerSeq,
        role: "caller",
        wav: input.audio.bytes,
        durationMs: input.audio.wav.durationMs,
      });
    const agent = framesToWav(frames);
    if (agent && agentSeq !== null) out.push({ seq: agentSeq, role: "agent", ...agent });
    return out;
  };
  return {
    tap(event) {
      if (event.type === "audio") frames.push({ sampleRate: event.sampleRate, pcm: event.pcm });
      else if (event.type === "done") agentSeq = event.turn.agentSeq;
    },
    saveAfter(finished) {
      runAfterResponse("store turn recordings", async () => {
        await finished;
        await storeSides(claims, sides());
      });
    },
  };
}

async function storeSides(claims: CallClaims, sides: Side[]) {
  if (sides.length === 0) return;
  // Switched on before this deployment lost its store (saving it on is refused since).
  const problem = recordingStoreProblem();
  if (problem) {
    logger.warn({ conversationId: claims.sub }, `turn not recorded: ${problem}`);
    return;
  }
  const store = recordingStore();
  const rows: RecordingRow[] = [];
  for (const side of sides) {
    const path = recordingPath({
      workspaceId: claims.own,
      conversationId: claims.sub,
      seq: side.seq,
      role: side.role,
    });
    // The object first: a row never points at audio that is not there.
    await store.put(path, side.wav);
    rows.push({
      workspaceId: claims.own,
      conversationId: claims.sub,
      conversationStartedAt: new Date(claims.sat),
      seq: side.seq,
      role: side.role,
      path,
      bytes: side.wav.byteLength,
      durationMs: side.durationMs,
    });
  }
  await withCaller(claims, async (trx) => {
    for (const row of rows) await upsertRecording(trx, row);
  });
}
