// Deepgram Aura as raw linear16 at 24 kHz, streamed as it arrives.
import { DeepgramClient } from "@deepgram/sdk";
import { VOICES } from "@/lib/voice/voices";
import { chunksOf, ProviderError, type TtsProvider } from "../types";

export function deepgramTts(
  apiKey: string,
  baseUrl: string | undefined,
  timeoutMs: number,
): TtsProvider {
  const client = new DeepgramClient({ apiKey, baseUrl });
  return {
    name: "deepgram",
    sampleRate: 24_000,
    async *synthesize(text, voice, signal) {
      try {
        const res = await client.speak.v1.audio.generate(
          {
            text,
            model: VOICES[voice.voice].deepgram,
            encoding: "linear16",
            sample_rate: 24_000,
            container: "none",
          },
          { abortSignal: signal, maxRetries: 0, timeoutInSeconds: timeoutMs / 1000 },
        );
        yield* chunksOf(res.stream());
      } catch (error) {
        throw new ProviderError("tts", "Deepgram speech failed", error);
      }
    },
  };
}
