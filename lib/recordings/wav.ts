// The agent's side of a turn as one WAV: its PCM frames in order, at the first frame's rate
// (a fallback TTS provider may speak at another rate; its frames are resampled linearly).
import { encodeWav } from "@/lib/telephony/wav";

export interface PcmFrame {
  sampleRate: number;
  pcm: Uint8Array;
}

function resample(pcm: Uint8Array, from: number, to: number): Int16Array {
  const input = new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength));
  if (from === to) return input;
  const length = Math.floor((input.length * to) / from);
  const output = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    const at = (i * from) / to;
    const left = Math.floor(at);
    const right = Math.min(left + 1, input.length - 1);
    const frac = at - left;
    output[i] = Math.round((input[left] ?? 0) * (1 - frac) + (input[right] ?? 0) * frac);
  }
  return output;
}

/** A WAV of the frames with its length in ms; null when there is no audio. */
export function framesToWav(frames: PcmFrame[]): { wav: Uint8Array; durationMs: number } | null {
  const first = frames[0];
  if (!first) return null;
  const rate = first.sampleRate;
  const parts = frames.map((f) => resample(f.pcm, f.sampleRate, rate));
  const samples = parts.reduce((n, p) => n + p.length, 0);
  if (samples === 0) return null;
  const joined = new Int16Array(samples);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return {
    wav: encodeWav(new Uint8Array(joined.buffer), rate),
    durationMs: Math.round((samples / rate) * 1000),
  };
}
