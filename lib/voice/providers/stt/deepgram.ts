// Deepgram pre-recorded transcription (nova-3) of one uploaded utterance.
import { DeepgramClient } from "@deepgram/sdk";
import { providerFetch } from "../fetch";
import { ProviderError, type SttProvider } from "../types";

type Listened = { results?: { channels?: { alternatives?: { transcript?: unknown }[] }[] } };

export function deepgramStt(apiKey: string, baseUrl: string | undefined): SttProvider {
  const client = new DeepgramClient({ apiKey, baseUrl, fetch: providerFetch });
  return {
    name: "deepgram",
    async transcribe({ bytes }, { language, signal }) {
      let result: unknown;
      try {
        result = await client.listen.v1.media.transcribeFile(
          bytes,
          { model: "nova-3", smart_format: true, language },
          // The SDK retries 429/5xx three times by default: stacked, that is a multi-second
          // stall on a live call. One try, bounded by the engine's signal.
          { abortSignal: signal, maxRetries: 0 },
        );
      } catch (error) {
        throw new ProviderError("stt", "Deepgram transcription failed", error);
      }
      // A 200 with an HTML or empty body resolves here (the SDK does not throw): check it.
      const transcript = (result as Listened | null)?.results?.channels?.[0]?.alternatives?.[0]
        ?.transcript;
      if (typeof transcript !== "string")
        throw new ProviderError(
          "stt",
          "Deepgram answered without a transcript",
          result,
          "bad_response",
        );
      if (!transcript.trim())
        throw new ProviderError("stt", "Deepgram heard no words", undefined, "empty");
      return transcript.trim();
    },
  };
}
