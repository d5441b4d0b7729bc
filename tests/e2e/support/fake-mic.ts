// A WAV file for Chromium's fake microphone: utterances from the local synthesizer (eSpeak
// NG, the app's own embedded TTS) separated by silences, so the page's VAD hears real speech.
import { writeFile } from "node:fs/promises";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import { wavFile } from "../../helpers/wav";

/** Strings are spoken, numbers are seconds of silence. */
export async function writeFakeMic(path: string, script: (string | number)[]) {
  const rate = 22_050;
  const parts: Buffer[] = [];
  for (const part of script) {
    if (typeof part === "number") parts.push(Buffer.alloc(Math.round(part * rate) * 2));
    else {
      const wav = await synthesizeWav(part);
      if (wav.sampleRate !== rate) throw new Error(`expected ${rate} Hz, got ${wav.sampleRate}`);
      parts.push(Buffer.from(wav.data));
    }
  }
  await writeFile(path, wavFile({ data: Buffer.concat(parts), sampleRate: rate }));
  return path;
}
