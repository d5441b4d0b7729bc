// OpenAI speech as raw 24 kHz PCM, streamed: the first bytes are forwarded as they arrive.
import type OpenAI from "openai";
import { VOICES } from "@/lib/voice/voices";
import { chunksOf, ProviderError, type TtsProvider } from "../types";

export function openAiTts(client: OpenAI): TtsProvider {
  return {
    name: "openai",
    sampleRate: 24_000,
    async *synthesize(text, voice, signal) {
      try {
        const res = await client.audio.speech.create(
          {
            model: "tts-1",
            voice: VOICES[voice.voice].openai,
            input: text,
            response_format: "pcm",
            speed: voice.speed,
          },
          { signal },
        );
        yield* chunksOf(res.body);
      } catch (error) {
        throw new ProviderError("tts", "OpenAI speech failed", error);
      }
    },
  };
}
