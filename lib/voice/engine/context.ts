// What every stage of one turn shares: the call, the providers, the event sink, the turn's
// marks and usage, and the first fault. Stages read and write it; only the speaker emits audio.
import type { LoadedCall } from "@/lib/db/queries/calls";
import type { ToolCall } from "../agent/tools";
import type { Wav } from "../audio";
import type { CallEvent, TurnMarks } from "../events";
import type { Providers } from "../providers";
import type { TurnStore } from "../turn-store";
import type { TurnFault } from "./faults";

/** What the caller sent, parsed at the edge. */
export type CallerInput =
  | { kind: "text"; text: string; audioMs?: number }
  | { kind: "audio"; audio: { bytes: Uint8Array; wav: Wav }; transcript?: string }
  | { kind: "idle" };

export interface SttOutcome {
  text: string;
  sttMs: number;
  /** Seconds of audio priced as STT (uploaded audio, or the browser's streamed audio). */
  sttSeconds: number;
  fault: TurnFault | null;
}

export interface TurnRequest {
  call: LoadedCall;
  callerSeq: number;
  input: CallerInput;
  /** STT already started by the edge (turns without an Idempotency-Key), else started here. */
  transcript?: Promise<SttOutcome>;
  providers: Providers;
  store: TurnStore;
  /** performance.now() when the caller's turn had fully arrived. */
  receivedAt: number;
  /** A person holds the call: the caller's words are stored and the agent stays silent. */
  held?: boolean;
  /** Runs after the turn is stored when the agent ended the call. */
  onEndCall?: (reason: string) => Promise<unknown>;
  /** Sees every event sent to the caller (the recorder of a recorded call). */
  tap?: (event: CallEvent) => void;
}

export interface TurnState {
  marks: TurnMarks;
  llmInputTokens: number;
  llmOutputTokens: number;
  /** USD of every TTS request this turn (primary and fallback priced apart). */
  ttsCost: number;
  ttsCharacters: number;
  /** What the agent said, in order: reply pieces, then an apology. */
  said: string[];
  /** Agent audio sent, in ms. */
  audioMs: number;
  fault: TurnFault | null;
  toolCalls: ToolCall[];
  endReason: string | null;
}

export interface TurnContext extends TurnRequest {
  state: TurnState;
  emit(event: CallEvent): void;
  /** Aborts when the caller hangs up: providers stop, the turn is still stored. */
  hangup: AbortSignal;
}

export const since = (t: number) => Math.round(performance.now() - t);

export function newState(): TurnState {
  return {
    marks: {
      sttMs: 0,
      llmFirstTokenMs: null,
      llmFirstChunkMs: null,
      ttsFirstByteMs: null,
      firstAudioMs: null,
      totalMs: 0,
    },
    llmInputTokens: 0,
    llmOutputTokens: 0,
    ttsCost: 0,
    ttsCharacters: 0,
    said: [],
    audioMs: 0,
    fault: null,
    toolCalls: [],
    endReason: null,
  };
}
