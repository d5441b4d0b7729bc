// The engine's own words: the holding phrase, the apologies and the idle prompts. Their audio
// is synthesised once per TTS backend and voice and kept, so a fault or a slow stage costs
// the caller no extra TTS wait (and no extra TTS bill).
import type { VoiceSettings } from "@/lib/validations/campaign";
import { withDeadline } from "../deadline";
import type { TtsProvider } from "../providers/types";
import { BOUNDS } from "./bounds";
import { APOLOGY, SAY_AGAIN } from "./faults";

export const HOLDING = "One moment, please.";
export const IDLE_CHECK = "Are you still there?";
export const IDLE_GOODBYE = "It seems you've stepped away. Thanks for calling, goodbye!";

const PHRASES = [HOLDING, APOLOGY, SAY_AGAIN, IDLE_CHECK, IDLE_GOODBYE];
const MAX_ENTRIES = 500;

export interface PhraseAudio {
  pcm: Uint8Array;
  sampleRate: number;
}

const cache = new Map<string, Promise<PhraseAudio>>();

const keyOf = (tts: TtsProvider, voice: VoiceSettings, text: string) =>
  `${tts.name}|${voice.voice}|${voice.language}|${voice.speed}|${text}`;

async function synthesizeWhole(tts: TtsProvider, voice: VoiceSettings, text: string) {
  const chunks: Uint8Array[] = [];
  await withDeadline("phrase tts", BOUNDS.ttsMs, undefined, async (signal) => {
    for await (const chunk of tts.synthesize(text, voice, signal)) chunks.push(chunk);
  });
  const pcm = Buffer.concat(chunks);
  // Whole 16-bit samples only, whatever the provider sent.
  return { pcm: pcm.subarray(0, pcm.length - (pcm.length % 2)), sampleRate: tts.sampleRate };
}

/** The phrase's audio, synthesised on first use; a failed synthesis is not kept. */
export function phraseAudio(
  tts: TtsProvider,
  voice: VoiceSettings,
  text: string,
): Promise<PhraseAudio> {
  const key = keyOf(tts, voice, text);
  let audio = cache.get(key);
  if (!audio) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    audio = synthesizeWhole(tts, voice, text);
    cache.set(key, audio);
    audio.catch(() => cache.delete(key));
  }
  return audio;
}

export const isPhraseCached = (tts: TtsProvider, voice: VoiceSettings, text: string) =>
  cache.has(keyOf(tts, voice, text));

/**
 * Synthesises every engine phrase for a voice ahead of need (after a turn, at call start, in
 * tests). The local synthesizer is skipped: it is CPU-bound on the server itself, cannot hang
 * like a vendor, and makes a phrase on first use.
 */
export async function warmPhrases(tts: TtsProvider, voice: VoiceSettings, force = false) {
  if (tts.streams === false && !force) return;
  await Promise.allSettled(PHRASES.map((text) => phraseAudio(tts, voice, text)));
}
