// One turn on the wire and how its events change the call: the run's bookkeeping, captions,
// playback, notices.
import { CallApiError, postInterrupt, postTurn, type TurnBody } from "./api";
import type { CallState, Caption } from "./state";
import { stageNotice } from "./state";
import type { VoiceIo } from "./voice-io";
import { decodePcm, readEvents, type WireEvent } from "./wire";

export interface TurnRun {
  abort: AbortController;
  /** An idle check rather than something the caller said: no caller caption. */
  idle: boolean;
  agentSeq: number | null;
  done: boolean;
  endCall: boolean;
  agentCaption: number | null;
  speechEndAt: number | null;
}

export const newRun = (idle: boolean, speechEndAt: number | null): TurnRun => ({
  idle,
  abort: new AbortController(),
  agentSeq: null,
  done: false,
  endCall: false,
  agentCaption: null,
  speechEndAt,
});

/** What a turn's events may touch in the session. */
export interface TurnView {
  io(): VoiceIo | null;
  caption(who: Caption["who"], text: string): number;
  editCaption(id: number, edit: (c: Caption) => Caption): void;
  speaking(): void;
  notice(text: string): void;
  token(token: string): void;
  /** A person holds the call: this turn gets no agent reply. */
  held(): void;
}

/** What the e2e tests and the browser benchmark read (no secrets: never the call token). */
export interface CallProbe {
  state: () => CallState;
  level: () => number;
  stats: () => { scheduledSamples: number; playedSamples: number; vadFrames: number };
  /** Spoken turns: end of speech and first agent sound (performance.now()), and the STT path. */
  turns: {
    speechEndAt: number | null;
    firstSoundAt: number | null;
    via: "stream" | "upload" | "text";
  }[];
  /** Why a streamed utterance went up as a WAV instead (timeout, socket-error, no-words...). */
  sttFallbacks: string[];
  interrupts: {
    seq: number;
    pieceId: number;
    sampleOffset: number;
    heardMs: number;
    heardText: string;
  }[];
}

/**
 * Posts one turn and applies its events as they stream in. Throws CallApiError when the turn
 * fails or its answer is cut off (an aborted run just stops).
 */
export async function streamTurn(
  run: TurnRun,
  body: TurnBody,
  key: string,
  token: string,
  caption: number | null,
  view: TurnView,
) {
  const res = await postTurn(token, body, key, run.abort.signal);
  view.token(res.headers.get("x-call-token") ?? token);
  view.io()?.beginAgentTurn();
  await readEvents(res.body!, (event) => applyTurnEvent(run, event, caption, view));
  if (!run.done && !run.abort.signal.aborted)
    throw new CallApiError(
      "The connection was lost. Check your internet and try again.",
      0,
      "network",
      true,
    );
}

export function applyTurnEvent(
  run: TurnRun,
  event: WireEvent,
  caption: number | null,
  view: TurnView,
) {
  if (run.abort.signal.aborted) return;
  switch (event.type) {
    case "turn":
      run.agentSeq = event.agentSeq;
      break;
    case "held":
      view.held();
      break;
    case "transcript":
      if (caption) view.editCaption(caption, (c) => ({ ...c, text: event.text, pending: false }));
      else if (!run.idle) view.caption("caller", event.text);
      break;
    case "agent_text": {
      const text = event.text.trim();
      view.io()?.addAgentText(event.pieceId, event.text);
      if (run.agentCaption === null) run.agentCaption = view.caption("agent", text);
      else view.editCaption(run.agentCaption, (c) => ({ ...c, text: `${c.text} ${text}`.trim() }));
      break;
    }
    case "audio":
      view.io()?.playPcm(event.pieceId, event.sampleOffset, event.sampleRate, event.pcm);
      view.speaking();
      break;
    case "error":
      view.notice(stageNotice(event.stage));
      break;
    case "done":
      run.done = true;
      run.endCall = event.endCall;
      if (event.callToken) view.token(event.callToken);
      if (caption)
        view.editCaption(caption, (c) =>
          c.pending ? { ...c, text: "(nothing heard)", pending: false } : c,
        );
      break;
  }
}

/** The caller spoke over the agent: silence it now, then tell the server what was heard. */
export function interruptRun(
  run: TurnRun | null,
  io: VoiceIo,
  view: TurnView,
  token: string,
  probe: CallProbe,
) {
  const heard = io.stopPlayback();
  if (run && !run.done) run.abort.abort();
  if (run?.agentCaption) view.editCaption(run.agentCaption, (c) => ({ ...c, interrupted: true }));
  const seq = run?.agentSeq;
  if (seq == null) return;
  probe.interrupts.push({ seq, ...heard });
  postInterrupt(token, seq, heard).catch(() => {
    // Losing the mark is not worth interrupting the caller about; the turn is stored anyway.
  });
}

/** Plays the greeting's audio when the server had it cached; false when there is none. */
export function playGreeting(
  io: VoiceIo,
  first: { text: string; audio: { sampleRate: number; data: string } | null },
) {
  if (!first.audio) return false;
  io.beginAgentTurn();
  io.addAgentText(0, first.text);
  io.playPcm(0, 0, first.audio.sampleRate, decodePcm(first.audio.data));
  return true;
}
