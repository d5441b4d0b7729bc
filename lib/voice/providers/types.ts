// The three provider interfaces. Each backend is one adapter; lib/voice/providers/index.ts
// picks them from the environment.

import type { FlowConfig, VoiceSettings } from "@/lib/validations/campaign";
import type { HistoryItem } from "@/lib/voice/agent/scripted";
import type { ToolCall } from "@/lib/voice/agent/tools";
import type { Wav } from "@/lib/voice/audio";
import type { LlmName, SttName, TtsName } from "@/lib/voice/pricing";

export interface SttProvider {
  name: SttName;
  transcribe(
    audio: { bytes: Uint8Array; wav: Wav },
    options: { language: string; signal: AbortSignal },
  ): Promise<string>;
}

export interface AgentInput {
  campaignName: string;
  flow: FlowConfig;
  history: HistoryItem[];
}

export type LlmEvent =
  | { type: "text"; delta: string }
  | { type: "tool_call"; call: ToolCall }
  /** Streamed bytes that are not yet an event (tool-call arguments): resets the stall bound. */
  | { type: "progress" }
  | { type: "usage"; inputTokens: number; outputTokens: number };

export interface LlmProvider {
  name: LlmName;
  stream(input: AgentInput, signal: AbortSignal): AsyncIterable<LlmEvent>;
}

export interface TtsProvider {
  name: TtsName;
  /** Sample rate of the 16-bit mono PCM it yields. */
  sampleRate: number;
  /**
   * False for a synthesizer that yields nothing until the whole utterance is made (the local
   * one): its first byte is bounded by the whole piece's bound, not the first-byte bound.
   */
  streams?: boolean;
  synthesize(text: string, voice: VoiceSettings, signal: AbortSignal): AsyncIterable<Uint8Array>;
}

/**
 * What was wrong with an answer the provider did give (transport failures and HTTP statuses
 * are read from `cause`): the engine turns it into an error code such as `tts_bad_response`.
 */
export type ProviderFault = "bad_response" | "empty" | "truncated" | "bad_tool_call";

/** A provider failed or timed out; `stage` says which, for the defined fallback. */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    readonly stage: "stt" | "llm" | "tts",
    message: string,
    override readonly cause?: unknown,
    readonly fault?: ProviderFault,
  ) {
    super(message);
  }
}

/** Reads a web ReadableStream as Uint8Array chunks. */
export async function* chunksOf(
  body: ReadableStream<Uint8Array> | null,
  signal: AbortSignal,
): AsyncIterable<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  // A stalled body ends when the stage's deadline fires, whether or not the SDK passed the
  // abort on to its fetch (an SDK's AbortSignal.any composite can be collected on Node 20,
  // ../shared/FACTS.md): cancelling the reader settles a pending read at once.
  const onAbort = () => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener("abort", onAbort, { once: true });
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw signal.reason;
      if (done) {
        finished = true;
        return;
      }
      if (value?.length) yield value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    // The consumer stopped early (barge-in, abort): stop the download too.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
