// What the caller's page shows, as one immutable snapshot the React view subscribes to.

export type Phase = "ready" | "connecting" | "listening" | "thinking" | "speaking" | "ended";

export interface Caption {
  id: number;
  who: "agent" | "caller";
  text: string;
  /** Caller speech sent, words not back yet; or an agent reply cut short by a barge-in. */
  pending?: boolean;
  interrupted?: boolean;
  /** Said by a person who took the call over, not by the agent. */
  human?: boolean;
}

export type MicState = "unasked" | "ok" | "denied" | "missing" | "unsupported" | "failed";
export type BrowserStt = "unavailable" | "off" | "on";

export interface CallState {
  phase: Phase;
  captions: Caption[];
  mic: MicState;
  muted: boolean;
  browserStt: BrowserStt;
  /** A passing problem the call survives (the agent apologised, a provider hiccup). */
  notice: string | null;
  /** A failed request; `retry` offers to send the same turn again. */
  error: { message: string; retry: boolean } | null;
  startedAt: number | null;
  endedAt: number | null;
  endedBy: "caller" | "agent" | "idle" | "error" | null;
  conversationId: string | null;
  /** A person took the call over: they reply instead of the agent. */
  heldByHuman: boolean;
}

export const initialState = (browserStt: BrowserStt): CallState => ({
  phase: "ready",
  captions: [],
  mic: "unasked",
  muted: false,
  browserStt,
  notice: null,
  error: null,
  startedAt: null,
  endedAt: null,
  endedBy: null,
  conversationId: null,
  heldByHuman: false,
});

/** Speech was heard, but nothing here turns it into words. */
export const NEEDS_STT =
  "Spoken replies need speech recognition here: type your answer below, or turn on your browser's speech recognition.";

/** The engine's error stages, in words a caller understands. */
export function stageNotice(stage: string): string {
  if (stage === "stt") return "The agent couldn't make out that last bit.";
  if (stage === "tts") return "The agent's voice is unavailable; replies continue as text.";
  return "The agent is having a little trouble right now. Try saying that again.";
}
