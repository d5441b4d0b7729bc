// Deepgram Aura as raw linear16 at 24 kHz, streamed as it arrives.
import { DeepgramClient } from "@deepgram/sdk";
import { VOICES } from "@/lib/campaigns/voices";
import { providerFetch } from "../fetch";
import { chunksOf, ProviderError, type TtsProvider } from "../types";
import { checkAudioType, checkedAudio } from "./check-audio";

export function deepgramTts(apiKey: string, baseUrl: string | undefined): TtsProvider {
  const client = new DeepgramClient({ apiKey, baseUrl, fetch: providerFetch });
  return {
    name: "deepgram",
    sampleRate: 24_000,
    async *synthesize(text, voice, signal) {
      try {
        const { data, rawResponse } = await client.speak.v1.audio
          .generate(
            {
              text,
              model: VOICES[voice.voice].deepgram,
              encoding: "linear16",
              sample_rate: 24_000,
              container: "none",
            },
            { abortSignal: signal, maxRetries: 0 },
          )
          .withRawResponse();
        checkAudioType(rawResponse.headers.get("content-type"), "Deepgram speech");
        yield* checkedAudio(chunksOf(data.stream(), signal), "Deepgram speech");
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        throw new ProviderError("tts", "Deepgram speech failed", error);
      }
    },
  };
}
