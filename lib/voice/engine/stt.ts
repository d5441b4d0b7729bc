// The STT stage: the caller's words from their upload under the STT bound, or as sent (typed,
// transcribed in the browser). A failure, a timeout or an empty result is a fault value with
// its code, never a thrown error: the turn goes on to ask the caller to repeat.
import { deadline } from "../deadline";
import type { SttName } from "../pricing";
import type { Providers } from "../providers";
import { BOUNDS } from "./bounds";
import type { CallerInput, SttOutcome } from "./context";
import { classifyFault } from "./faults";

/** Which price the caller turn's STT seconds take. */
export function sttPriceName(providers: Providers, input: CallerInput): SttName {
  if (input.kind === "audio") return providers.stt?.name ?? "none";
  // Streamed text: the browser transcribed it with Deepgram live.
  return input.kind === "text" && input.audioMs ? "deepgram" : "none";
}

export async function transcribe(
  providers: Providers,
  input: CallerInput,
  language: string,
  signal: AbortSignal,
): Promise<SttOutcome> {
  if (input.kind === "idle") return { text: "", sttMs: 0, sttSeconds: 0, fault: null };
  if (input.kind === "text")
    return { text: input.text, sttMs: 0, sttSeconds: (input.audioMs ?? 0) / 1000, fault: null };
  if (!providers.stt)
    return { text: input.transcript?.trim() ?? "", sttMs: 0, sttSeconds: 0, fault: null };
  const started = performance.now();
  const sttSeconds = input.audio.wav.durationMs / 1000;
  const bound = deadline("stt", BOUNDS.sttMs, signal);
  try {
    const text = await providers.stt.transcribe(input.audio, { language, signal: bound.signal });
    return { text, sttMs: Math.round(performance.now() - started), sttSeconds, fault: null };
  } catch (error) {
    const fault = classifyFault("stt", error, bound.signal);
    return { text: "", sttMs: Math.round(performance.now() - started), sttSeconds, fault };
  } finally {
    bound.clear();
  }
}
