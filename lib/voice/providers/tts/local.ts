// The embedded synthesizer: eSpeak NG compiled to WASM (npm espeak-ng, GPL-3.0), real
// offline speech at 22.05 kHz. Each call gets a fresh WASM instance (the CLI build keeps
// global state), ~150-250 ms for a sentence; audio is yielded in 100 ms chunks.

import { VOICES, type VoiceId } from "@/lib/campaigns/voices";
import { parseWav } from "@/lib/voice/audio";
import { ProviderError, type TtsProvider } from "../types";

const SAMPLE_RATE = 22_050;
const CHUNK_BYTES = (SAMPLE_RATE / 10) * 2;
const BASE_WORDS_PER_MINUTE = 175;

function espeakVoice(voice: VoiceId, language: string) {
  const variant = VOICES[voice].local.split("+")[1];
  const base = language.toLowerCase();
  return variant ? `${base}+${variant}` : base;
}

export async function synthesizeWav(
  text: string,
  voice: VoiceId = "nova",
  language = "en-US",
  speed = 1,
) {
  const { default: ESpeakNg } = await import("espeak-ng");
  // The module prepends argv[0] to the array it is given, so it gets a fresh one each time.
  const args = [
    "-v",
    espeakVoice(voice, language),
    "-s",
    String(Math.round(BASE_WORDS_PER_MINUTE * speed)),
    "-w",
    "out.wav",
    text,
  ];
  const espeak = await ESpeakNg({ arguments: args, print: () => {}, printErr: () => {} });
  return parseWav(espeak.FS.readFile("out.wav"));
}

/** One utterance as PCM; also used by the voice health check. */
export async function synthesizeLocal(text: string, voice?: VoiceId) {
  const wav = await synthesizeWav(text, voice);
  return { pcm: new Int16Array(wav.data.slice().buffer), sampleRate: wav.sampleRate };
}

export const localTts: TtsProvider = {
  name: "local",
  sampleRate: SAMPLE_RATE,
  streams: false,
  async *synthesize(text, voice, signal) {
    let pcm: Uint8Array;
    try {
      pcm = (await synthesizeWav(text, voice.voice, voice.language, voice.speed)).data;
    } catch (error) {
      throw new ProviderError("tts", "The local synthesizer failed", error);
    }
    for (let at = 0; at < pcm.length && !signal.aborted; at += CHUNK_BYTES)
      yield pcm.subarray(at, at + CHUNK_BYTES);
  },
};
