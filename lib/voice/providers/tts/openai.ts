// OpenAI speech as raw 24 kHz PCM, streamed: the first bytes are forwarded as they arrive.
import type OpenAI from "openai";
import { VOICES } from "@/lib/campaigns/voices";
import { chunksOf, ProviderError, type TtsProvider } from "../types";
import { checkAudioType, checkedAudio } from "./check-audio";

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
        checkAudioType(res.headers.get("content-type"), "OpenAI speech");
        yield* checkedAudio(chunksOf(res.body, signal), "OpenAI speech");
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        throw new ProviderError("tts", "OpenAI speech failed", error);
      }
    },
  };
}
