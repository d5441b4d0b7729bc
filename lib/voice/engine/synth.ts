// One TTS request for one piece, under its bounds: the first byte within ttsFirstByteMs, no
// gap over ttsStallMs, the whole piece within ttsMs. Reading starts at once (prefetch), so the
// next piece is synthesised while the current one streams out; the bounds follow the
// provider's progress, not the playback.
import { prefetch } from "../async-queue";
import { deadline, watchdog } from "../deadline";
import { priceTts } from "../pricing";
import type { TtsProvider } from "../providers/types";
import { BOUNDS } from "./bounds";
import { since, type TurnContext } from "./context";
import { classifyFault } from "./faults";

export interface Synthesis {
  provider: TtsProvider;
  audio: AsyncIterable<Uint8Array>;
  /** Stops the request (the piece is no longer wanted). */
  stop(): void;
}

export function synthesize(
  ctx: TurnContext,
  provider: TtsProvider,
  text: string,
  parent: AbortSignal,
): Synthesis {
  const { state } = ctx;
  state.ttsCharacters += text.length;
  state.ttsCost += priceTts(provider.name, text.length);
  // Our own controller under the turn's: stop() drops this piece and nothing else.
  const own = new AbortController();
  const onParentAbort = () => own.abort(parent.reason);
  if (parent.aborted) own.abort(parent.reason);
  else parent.addEventListener("abort", onParentAbort, { once: true });
  const whole = deadline("tts", BOUNDS.ttsMs, own.signal);
  const firstByteMs = provider.streams === false ? BOUNDS.ttsMs : BOUNDS.ttsFirstByteMs;
  const bound = watchdog("tts", firstByteMs, BOUNDS.ttsStallMs, whole.signal);
  const started = performance.now();
  async function* bounded() {
    try {
      for await (const chunk of provider.synthesize(text, ctx.call.voice, bound.signal)) {
        if (bound.signal.aborted) break;
        state.marks.ttsFirstByteMs ??= since(started);
        bound.touch();
        yield chunk;
      }
      // A stream that ends because its signal fired has not finished: that is the fault.
      if (bound.signal.aborted) throw bound.signal.reason;
    } catch (error) {
      throw classifyFault("tts", error, bound.signal);
    } finally {
      bound.clear();
      whole.clear();
      parent.removeEventListener("abort", onParentAbort);
    }
  }
  return { provider, audio: prefetch(bounded()), stop: () => own.abort() };
}
