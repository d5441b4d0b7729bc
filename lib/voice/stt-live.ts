// Where the caller's browser streams its microphone for live transcription: Deepgram's
// websocket on the configured Deepgram host (DEEPGRAM_BASE_URL's, with ws/wss for
// http/https), with the query every stream uses. No SDK here: next.config.ts reads this for the
// CSP, and the token route (./stt-token.ts) for the URL it hands out.
import type { Env } from "@/lib/env";

const DEEPGRAM_API = "https://api.deepgram.com";

/** What the page sends: 16 kHz mono 16-bit PCM, the VAD's own frames. */
export const LIVE_STT = {
  model: "nova-3",
  encoding: "linear16",
  sampleRate: 16_000,
  /** A temporary token (POST /v1/auth/grant) lives this long: enough to open one socket. */
  tokenTtlSeconds: 30,
} as const;

/** The STT stage's backend as getProviders() chooses it, from the environment alone. */
export function sttProviderOf(e: Pick<Env, "STT_PROVIDER" | "enabled">): "deepgram" | "none" {
  return e.STT_PROVIDER ?? (e.enabled.deepgram ? "deepgram" : "none");
}

/** ws(s)://host[:port] of the Deepgram live API, or null when STT is not Deepgram. */
export function deepgramLiveOrigin(
  e: Pick<Env, "STT_PROVIDER" | "enabled" | "DEEPGRAM_BASE_URL">,
): string | null {
  if (sttProviderOf(e) !== "deepgram") return null;
  const base = new URL(e.DEEPGRAM_BASE_URL ?? DEEPGRAM_API);
  return `${base.protocol === "http:" ? "ws:" : "wss:"}//${base.host}`;
}

/**
 * The live listen URL for one call. The page's VAD decides when the caller stopped and sends
 * Finalize, so Deepgram's endpointing only splits long utterances into segments (the page
 * joins them) and its VAD events are off.
 */
export function liveListenUrl(origin: string, language: string): string {
  const query = new URLSearchParams({
    model: LIVE_STT.model,
    language,
    encoding: LIVE_STT.encoding,
    sample_rate: String(LIVE_STT.sampleRate),
    channels: "1",
    interim_results: "true",
    endpointing: "300",
    vad_events: "false",
    smart_format: "true",
  });
  return `${origin}/v1/listen?${query}`;
}
