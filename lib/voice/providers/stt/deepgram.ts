// Deepgram pre-recorded transcription (nova-3) of one uploaded utterance.
import { DeepgramClient } from "@deepgram/sdk";
import { ProviderError, type SttProvider } from "../types";

export function deepgramStt(
  apiKey: string,
  baseUrl: string | undefined,
  timeoutMs: number,
): SttProvider {
  const client = new DeepgramClient({ apiKey, baseUrl });
  return {
    name: "deepgram",
    async transcribe({ bytes }, { language, signal }) {
      try {
        const result = await client.listen.v1.media.transcribeFile(
          bytes,
          { model: "nova-3", smart_format: true, language },
          // The SDK retries 429/5xx three times by default: stacked, that is a multi-second
          // stall on a live call. One try, bounded; the pipeline asks the caller to repeat.
          { abortSignal: signal, maxRetries: 0, timeoutInSeconds: timeoutMs / 1000 },
        );
        const transcript = (
          result as { results?: { channels?: { alternatives?: { transcript?: unknown }[] }[] } }
        ).results?.channels?.[0]?.alternatives?.[0]?.transcript;
        if (typeof transcript !== "string")
          throw new Error("Deepgram answered without a transcript");
        return transcript.trim();
      } catch (error) {
        throw new ProviderError("stt", "Deepgram transcription failed", error);
      }
    },
  };
}
