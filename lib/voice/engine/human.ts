// A person's reply during a takeover, spoken in the campaign's voice: the same TTS providers
// and bounds as the agent's pieces (first byte, stall, whole piece; the fallback provider when
// the first fails before any audio), framed into whole-sample `audio` events. It yields the
// reply's words first, so a caller whose TTS fails still reads them.

import type { VoiceSettings } from "@/lib/validations/campaign";
import { deadline, watchdog } from "../deadline";
import type { FeedEvent } from "../events";
import type { Providers } from "../providers";
import type { TtsProvider } from "../providers/types";
import { BOUNDS } from "./bounds";
import { SampleFramer } from "./pcm";

export async function* speakHumanReply(
  providers: Pick<Providers, "tts" | "ttsFallback">,
  voice: VoiceSettings,
  reply: { seq: number; text: string },
  signal: AbortSignal,
): AsyncIterable<FeedEvent> {
  yield { type: "human_reply", seq: reply.seq, text: reply.text };
  const tried: TtsProvider[] = [];
  for (const tts of [providers.tts, providers.ttsFallback]) {
    if (!tts || tried.includes(tts) || signal.aborted) continue;
    tried.push(tts);
    let started = false;
    try {
      for await (const frame of frames(tts, voice, reply.text, signal)) {
        started = true;
        yield { type: "audio", pieceId: 0, sampleRate: tts.sampleRate, ...frame };
      }
      return;
    } catch {
      // Part of it was heard: a second voice would repeat it. Nothing heard: try the next.
      if (started) return;
    }
  }
}

async function* frames(tts: TtsProvider, voice: VoiceSettings, text: string, signal: AbortSignal) {
  const whole = deadline("tts", BOUNDS.ttsMs, signal);
  const first = tts.streams === false ? BOUNDS.ttsMs : BOUNDS.ttsFirstByteMs;
  const bound = watchdog("tts", first, BOUNDS.ttsStallMs, whole.signal);
  const framer = new SampleFramer(tts.sampleRate);
  try {
    for await (const chunk of tts.synthesize(text, voice, bound.signal)) {
      if (bound.signal.aborted) break;
      bound.touch();
      const frame = framer.push(chunk);
      if (frame) yield frame;
    }
    if (bound.signal.aborted) throw bound.signal.reason;
    const last = framer.flush();
    if (last) yield last;
  } finally {
    bound.clear();
    whole.clear();
  }
}
