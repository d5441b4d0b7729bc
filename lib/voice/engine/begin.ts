// Everything a turn needs before its first event: the call, the claim of the caller's turn
// (written before anything is streamed back), and STT started as early as it may be. With an
// Idempotency-Key no provider is called before the key is checked: a finished turn replays,
// a running one answers 409 + Retry-After. Without one, STT runs beside the load and the claim.

import { AppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { turnRecorder } from "@/lib/recordings/capture";
import type { CallClaims } from "../call-token";
import type { CallEvent } from "../events";
import type { Providers } from "../providers";
import { replayEvents } from "../replay";
import { loadAndClaim, turnStore } from "../turn-store";
import { BOUNDS } from "./bounds";
import type { CallerInput, SttOutcome } from "./context";
import { transcribe } from "./stt";
import { startTurn, type Turn } from "./turn";

export interface BeginInput {
  /** The verified call token: the conversation, its campaign and its language. */
  claims: CallClaims;
  input: CallerInput;
  idempotencyKey: string | null;
  providers: Providers;
  receivedAt: number;
  onEndCall?: (reason: string) => Promise<unknown>;
}

export type Begun = { kind: "replay"; events: CallEvent[] } | { kind: "turn"; turn: Turn };

const unavailable = (error: unknown) => {
  logger.warn({ err: error }, "the caller's turn could not be stored");
  return new AppError(
    "database_unavailable",
    "The call cannot take a turn right now: retry in a moment",
    503,
    undefined,
    2,
  );
};

export async function beginTurn(b: BeginInput): Promise<Begun> {
  const early = new AbortController();
  // Without a key nothing can be replayed: STT starts at once (the call token carries the
  // language), beside loading the call and writing the claim; it is aborted if either fails.
  const transcript: Promise<SttOutcome> | undefined = b.idempotencyKey
    ? undefined
    : transcribe(b.providers, b.input, b.claims.lng, early.signal);
  // The call and the claim in one transaction: one connection, one round of BEGIN/COMMIT.
  const loaded = await loadAndClaim(b.claims, {
    idempotencyKey: b.idempotencyKey,
    text: b.input.kind === "text" ? b.input.text : "",
    audioDurationMs: b.input.kind === "audio" ? b.input.audio.wav.durationMs : null,
    claimMs: BOUNDS.claimMs,
  }).catch((error) => {
    early.abort();
    throw unavailable(error);
  });
  if (!loaded) {
    early.abort();
    throw new AppError("unauthorized", "This call no longer exists", 401);
  }
  const { call, claim } = loaded;
  if (claim.kind !== "claimed") early.abort();
  if (claim.kind === "answered")
    return { kind: "replay", events: replayEvents(claim.caller, claim.agent) };
  if (claim.kind === "running")
    throw new AppError(
      "turn_in_progress",
      "This turn is still being answered: retry in a moment",
      409,
      undefined,
      1,
    );
  if (claim.kind === "ended") throw new AppError("conflict", "This call has ended", 409);
  const recorder = call.recorded ? turnRecorder(b.claims, b.input, claim.callerSeq) : null;
  const turn = startTurn({
    call,
    callerSeq: claim.callerSeq,
    held: claim.held,
    input: b.input,
    transcript,
    providers: b.providers,
    store: turnStore(call.workspace_id, b.claims),
    receivedAt: b.receivedAt,
    onEndCall: b.onEndCall,
    tap: recorder?.tap,
  });
  recorder?.saveAfter(turn.finished);
  return { kind: "turn", turn };
}
